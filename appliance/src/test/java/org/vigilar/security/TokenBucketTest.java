package org.vigilar.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstThenTheRefillRate() {
    TokenBucket bucket = new TokenBucket(3, 2);
    assertTrue(bucket.tryTake(0));
    assertTrue(bucket.tryTake(0));
    assertTrue(bucket.tryTake(0));
    assertFalse(bucket.tryTake(0));
    assertFalse(bucket.tryTake(SECOND / 4));
    assertTrue(bucket.tryTake(SECOND / 2));
    assertFalse(bucket.tryTake(SECOND / 2));
  }

  @Test
  void refillStopsAtTheCapacity() {
    TokenBucket bucket = new TokenBucket(2, 10);
    bucket.tryTake(0);
    assertTrue(bucket.tryTake(100 * SECOND));
    assertTrue(bucket.tryTake(100 * SECOND));
    assertFalse(bucket.tryTake(100 * SECOND));
  }
}
