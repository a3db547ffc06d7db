package org.vigilar.bench.traffic;

/**
 * The run's time origin: publishers stamp messages and receivers measure against it, so all
 * benchmark times are small non-negative nanosecond counts from one monotonic clock.
 */
public record Epoch(long originNanos) {

  public static Epoch now() {
    return new Epoch(System.nanoTime());
  }

  /** Nanoseconds since the origin. */
  public long nanos() {
    return System.nanoTime() - originNanos;
  }
}
