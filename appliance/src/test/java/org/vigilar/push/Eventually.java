package org.vigilar.push;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline; the failure message says what never happened. */
public final class Eventually {

  private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

  private Eventually() {
  }

  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** Waits until {@code value} returns non-null and returns it. */
  public static <T> T value(Duration timeout, String what, Supplier<T> value) {
    Object[] found = new Object[1];
    until(timeout, what, () -> (found[0] = value.get()) != null);
    @SuppressWarnings("unchecked")
    T result = (T) found[0];
    return result;
  }
}
