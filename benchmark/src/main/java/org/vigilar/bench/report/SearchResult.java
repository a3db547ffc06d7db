package org.vigilar.bench.report;

import java.util.List;

/**
 * The highest sustained rate of one system: rates stepped up until a step failed.
 *
 * @param maxSustainedRate the highest rate that passed: no loss, p99 within the limit and the
 *     rate actually delivered; 0 when none did
 * @param steps every step tried, in order
 * @param saturation one step as fast as possible, for the ceiling; null when skipped
 */
public record SearchResult(String system, int receivers, double p99LimitMs,
    double maxSustainedRate, List<StepResult> steps, StepResult saturation) {
}
