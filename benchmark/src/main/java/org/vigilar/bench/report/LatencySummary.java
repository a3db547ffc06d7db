package org.vigilar.bench.report;

import org.HdrHistogram.Histogram;

/** End-to-end latency percentiles of a step, in milliseconds. */
public record LatencySummary(long count, double p50Ms, double p90Ms, double p99Ms,
    double p999Ms, double maxMs, double meanMs) {

  /** From a histogram in microseconds. */
  public static LatencySummary of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
        ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
        ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()),
        Math.round(micros.getMean()) / 1000.0);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
