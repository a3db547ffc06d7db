package org.vigilar.bench.report;

import java.util.List;

/**
 * A long run with reconnecting browsers.
 *
 * @param leakReports lines of the appliance's log that report a Netty buffer leak
 * @param logWarnings lines of the appliance's log at WARN or ERROR
 * @param oldGrowthKb growth of the old generation's lowest value from the first to the last
 *     third of the run; near zero when the heap is flat
 * @param nativeGrowthKb the same for native "Other" memory (direct buffers)
 */
public record SoakResult(StepResult step, List<SoakSample> samples, long leakReports,
    long logWarnings, long oldGrowthKb, long nativeGrowthKb) {
}
