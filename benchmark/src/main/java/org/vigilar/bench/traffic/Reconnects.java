package org.vigilar.bench.traffic;

import java.time.Duration;
import java.util.Random;

/**
 * Random times at which a browser drops its stream and resumes it with {@code Last-Event-ID},
 * exponentially distributed around a mean. Confined to one loop thread.
 */
final class Reconnects {

  private final double meanNanos;
  private final Random random;

  Reconnects(Duration mean, long seed) {
    if (mean.isNegative() || mean.isZero()) {
      throw new IllegalArgumentException("reconnect mean must be positive, was " + mean);
    }
    this.meanNanos = mean.toNanos();
    this.random = new Random(seed);
  }

  long nextDelayNanos() {
    // Never sooner than a twentieth of the mean, so a stream always carries some events.
    double u = random.nextDouble();
    return (long) (meanNanos * Math.max(0.05, -Math.log(1 - u)));
  }
}
