package org.vigilar.security;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows down guessing: once a key (a client address, a user name) has used up its free
 * failures it is locked out, for a time that doubles with every further failure, up to a
 * ceiling.
 *
 * <p>Methods take the current monotonic time in nanoseconds, so tests need no clock. The table
 * is bounded: when it is full of live entries, new keys share one overflow entry, so a flood of
 * fresh keys cannot grow the heap (and gets locked out together).
 */
public final class FailureLimiter {

  /** Tuning of a limiter. */
  public record Limits(int freeFailures, Duration firstLockout, Duration maxLockout,
      Duration forgetAfter, int maxKeys) {

    public Limits {
      if (freeFailures < 0 || maxKeys < 1) {
        throw new IllegalArgumentException("freeFailures must be >= 0 and maxKeys >= 1, were "
            + freeFailures + " and " + maxKeys);
      }
      if (firstLockout.isNegative() || firstLockout.isZero()
          || maxLockout.compareTo(firstLockout) < 0 || forgetAfter.compareTo(maxLockout) < 0) {
        throw new IllegalArgumentException("need 0 < firstLockout <= maxLockout <= forgetAfter, "
            + "were " + firstLockout + ", " + maxLockout + ", " + forgetAfter);
      }
    }

    /** Five tries, then 1 s doubling to 15 min: about four guesses an hour at worst. */
    public static Limits logins() {
      return new Limits(5, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1),
          4096);
    }
  }

  private static final String OVERFLOW = "\u0000overflow";

  private static final class Entry {
    int failures;
    long lastFailure;
    long lockedUntil;
  }

  private final Limits limits;
  private final Map<String, Entry> entries = new HashMap<>();

  public FailureLimiter(Limits limits) {
    this.limits = limits;
  }

  /** Nanoseconds until {@code key} may try again; 0 when it may try now. */
  public synchronized long lockedFor(String key, long now) {
    Entry entry = entries.get(key);
    if (entry == null) {
      entry = entries.get(OVERFLOW);
      if (entry == null || entries.size() < limits.maxKeys()) {
        return 0;
      }
    }
    return Math.max(0, entry.lockedUntil - now);
  }

  /**
   * Records a failed attempt.
   *
   * @return the nanoseconds of the lockout this failure started, or 0 when the key was locked
   *     already or still has free failures; so a caller can report each lockout once
   */
  public synchronized long failure(String key, long now) {
    Entry entry = entries.get(key);
    if (entry == null) {
      if (entries.size() >= limits.maxKeys()) {
        forgetQuiet(now);
      }
      String slot = entries.size() >= limits.maxKeys() ? OVERFLOW : key;
      entry = entries.computeIfAbsent(slot, k -> new Entry());
    }
    boolean wasLocked = now < entry.lockedUntil;
    entry.failures++;
    entry.lastFailure = now;
    int over = entry.failures - limits.freeFailures();
    if (over < 0) {
      return 0;
    }
    long lockout = Math.min(limits.firstLockout().toNanos() << Math.min(over, 30),
        limits.maxLockout().toNanos());
    entry.lockedUntil = now + lockout;
    return wasLocked ? 0 : lockout;
  }

  /** Forgets a key's failures after a successful attempt. */
  public synchronized void success(String key) {
    entries.remove(key);
  }

  private void forgetQuiet(long now) {
    long forget = limits.forgetAfter().toNanos();
    entries.values().removeIf(e -> now - e.lastFailure > forget && now >= e.lockedUntil);
  }

  /** Whole seconds to announce in a {@code Retry-After} header, at least 1. */
  public static long retryAfterSeconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }
}
