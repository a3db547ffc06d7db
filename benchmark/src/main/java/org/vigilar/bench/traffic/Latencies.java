package org.vigilar.bench.traffic;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Latency histograms in microseconds, up to ten minutes, three significant digits. */
public final class Latencies {

  public static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

  private Latencies() {
  }

  public static Histogram histogram() {
    return new Histogram(HIGHEST_MICROS, 3);
  }

  /** Records {@code nanos} as microseconds, clamped into the histogram's range. */
  static void record(Histogram histogram, long nanos) {
    long micros = Math.max(0, nanos / 1000);
    histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
  }
}
