package org.vigilar.security;

/**
 * A budget of costly operations: {@code capacity} at once, refilled at {@code perSecond}.
 *
 * <p>Methods take the current monotonic time in nanoseconds.
 */
public final class TokenBucket {

  private final double capacity;
  private final double perNano;
  private double tokens;
  private long last;
  private boolean started;

  public TokenBucket(int capacity, double perSecond) {
    if (capacity < 1 || perSecond <= 0) {
      throw new IllegalArgumentException("capacity must be >= 1 and perSecond > 0, were "
          + capacity + " and " + perSecond);
    }
    this.capacity = capacity;
    this.perNano = perSecond / 1e9;
    this.tokens = capacity;
  }

  /** Takes one token if there is one. */
  public synchronized boolean tryTake(long now) {
    if (started) {
      tokens = Math.min(capacity, tokens + (now - last) * perNano);
    }
    started = true;
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
