package org.vigilar.bench.report;

/**
 * Resident memory of the system under test during a step, in KiB; null when unknown.
 *
 * @param rssStartKb when the measured window began
 * @param rssPeakKb the highest sampled value during the step
 */
public record MemoryUse(Long rssStartKb, Long rssPeakKb, Long rssEndKb) {

  public static MemoryUse unknown() {
    return new MemoryUse(null, null, null);
  }
}
