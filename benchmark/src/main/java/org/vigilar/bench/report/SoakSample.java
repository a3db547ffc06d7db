package org.vigilar.bench.report;

/**
 * The appliance's memory at one moment of a soak, in KiB; -1 where a reading failed.
 *
 * @param heapUsedKb used heap (eden, survivors and old generation)
 * @param oldUsedKb used old generation: flat after collections when nothing leaks
 * @param nativeOtherKb native memory tracking's "Other", where direct buffers live
 */
public record SoakSample(double atSeconds, long rssKb, long heapUsedKb, long oldUsedKb,
    long nativeOtherKb) {
}
