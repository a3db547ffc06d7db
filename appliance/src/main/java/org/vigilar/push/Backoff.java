package org.vigilar.push;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before the next attempt: exponential from the first retry delay up to the maximum,
 * with up to a fifth taken off at random so many phones behind one service do not retry in
 * step, and never shorter than what the service asked for with Retry-After.
 */
final class Backoff {

  private final Duration first;
  private final Duration max;
  private final DoubleSupplier random;

  /**
   * @param random numbers in [0, 1) for the jitter
   */
  Backoff(Duration first, Duration max, DoubleSupplier random) {
    this.first = first;
    this.max = max;
    this.random = random;
  }

  /**
   * @param failures failed attempts so far, at least 1
   * @param retryAfter what the push service asked for, or null
   */
  Duration delay(int failures, Duration retryAfter) {
    long ms = first.toMillis();
    for (int i = 1; i < failures && ms < max.toMillis(); i++) {
      ms *= 2;
    }
    ms = Math.min(ms, max.toMillis());
    long jittered = ms - (long) (ms * 0.2 * random.getAsDouble());
    Duration wait = Duration.ofMillis(Math.max(jittered, 1));
    return retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
  }
}
