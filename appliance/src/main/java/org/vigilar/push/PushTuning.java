package org.vigilar.push;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the push sender tries: timeouts, backoff between attempts and how many sends run at
 * once. The defaults suit public push services; tests shorten them.
 *
 * @param connectTimeout longest wait for a connection to a push service
 * @param sendTimeout longest wait for a push service to answer one request
 * @param firstRetry delay after the first failed attempt; doubles after each further one
 * @param maxRetry longest delay between two attempts, unless Retry-After asks for more
 * @param senders requests in flight at once, across all push services
 */
public record PushTuning(Duration connectTimeout, Duration sendTimeout, Duration firstRetry,
    Duration maxRetry, int senders) {

  /** The longest Retry-After honoured; a larger value is clamped to it. */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  public PushTuning {
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("sendTimeout", sendTimeout);
    requirePositive("firstRetry", firstRetry);
    requirePositive("maxRetry", maxRetry);
    if (maxRetry.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException(
          "maxRetry must not be below firstRetry, was " + maxRetry + " < " + firstRetry);
    }
    if (senders < 1 || senders > 64) {
      throw new IllegalArgumentException("senders must be from 1 to 64, was " + senders);
    }
  }

  public static PushTuning defaults() {
    return new PushTuning(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(2),
        Duration.ofMinutes(5), 4);
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
