package org.vigilar.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  private final FailureLimiter limiter = new FailureLimiter(new FailureLimiter.Limits(3,
      Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(60), 4));

  @Test
  void freeFailuresThenDoublingLockouts() {
    for (int i = 0; i < 2; i++) {
      limiter.failure("a", 0);
      assertEquals(0, limiter.lockedFor("a", 0));
    }
    limiter.failure("a", 0);
    assertEquals(SECOND, limiter.lockedFor("a", 0));
    limiter.failure("a", SECOND);
    assertEquals(2 * SECOND, limiter.lockedFor("a", SECOND));
    limiter.failure("a", 3 * SECOND);
    assertEquals(4 * SECOND, limiter.lockedFor("a", 3 * SECOND));
    assertEquals(0, limiter.lockedFor("a", 7 * SECOND));
  }

  @Test
  void aFailureTellsWhenItStartsALockout() {
    assertEquals(0, limiter.failure("a", 0));
    assertEquals(0, limiter.failure("a", 0));
    assertEquals(SECOND, limiter.failure("a", 0));
    // Still locked: the lockout grows, but none starts.
    assertEquals(0, limiter.failure("a", SECOND / 2));
    assertEquals(4 * SECOND, limiter.failure("a", 3 * SECOND));
  }

  @Test
  void lockoutStopsAtTheCeiling() {
    for (int i = 0; i < 20; i++) {
      limiter.failure("a", 0);
    }
    assertEquals(8 * SECOND, limiter.lockedFor("a", 0));
  }

  @Test
  void successForgetsAndOtherKeysAreUntouched() {
    for (int i = 0; i < 5; i++) {
      limiter.failure("a", 0);
    }
    assertEquals(0, limiter.lockedFor("b", 0));
    limiter.success("a");
    assertEquals(0, limiter.lockedFor("a", 0));
  }

  @Test
  void aFloodOfNewKeysSharesOneOverflowEntry() {
    for (int key = 0; key < 100; key++) {
      limiter.failure("k" + key, 0);
    }
    assertTrue(limiter.lockedFor("fresh", 0) > 0);
  }

  @Test
  void retryAfterRoundsUpToWholeSeconds() {
    assertEquals(1, FailureLimiter.retryAfterSeconds(1));
    assertEquals(2, FailureLimiter.retryAfterSeconds(SECOND + 1));
  }
}
