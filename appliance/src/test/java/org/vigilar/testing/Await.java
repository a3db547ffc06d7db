package org.vigilar.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking it every few milliseconds. */
public final class Await {

  /** Long enough for a loaded two-core build machine, short enough to fail a hung test. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private Await() {
  }

  public static void until(String what, BooleanSupplier condition) {
    until(what, TIMEOUT, condition);
  }

  /**
   * @throws AssertionError naming {@code what} when the condition is still false at the deadline
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    value(what, timeout, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }

  public static <T> T value(String what, Supplier<Optional<T>> probe) {
    return value(what, TIMEOUT, probe);
  }

  /** Returns the first value {@code probe} finds before the deadline. */
  public static <T> T value(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> found = probe.get();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for "
            + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
