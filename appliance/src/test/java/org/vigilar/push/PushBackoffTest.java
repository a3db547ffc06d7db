package org.vigilar.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PushBackoffTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  @Test
  void doublesFromTheFirstDelayUpToTheMaximum() {
    Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(10), () -> 0);

    assertEquals(Duration.ofSeconds(2), backoff.delay(1, null));
    assertEquals(Duration.ofSeconds(4), backoff.delay(2, null));
    assertEquals(Duration.ofSeconds(8), backoff.delay(3, null));
    assertEquals(Duration.ofSeconds(10), backoff.delay(4, null));
    assertEquals(Duration.ofSeconds(10), backoff.delay(400, null));
  }

  @Test
  void jitterTakesOffAtMostAFifth() {
    Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(10), () -> 0.999);

    assertEquals(8002, backoff.delay(1, null).toMillis());
  }

  @Test
  void retryAfterWinsWhenLonger() {
    Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(10), () -> 0);

    assertEquals(Duration.ofSeconds(30), backoff.delay(1, Duration.ofSeconds(30)));
    assertEquals(Duration.ofSeconds(2), backoff.delay(1, Duration.ofSeconds(1)));
  }

  @Test
  void readsRetryAfterSecondsAndDatesAndClampsThem() {
    assertEquals(Duration.ofSeconds(120), RetryAfter.parse("120", NOW));
    assertEquals(Duration.ofSeconds(90),
        RetryAfter.parse("Thu, 03 Dec 2026 12:01:30 GMT", NOW));
    assertEquals(Duration.ZERO, RetryAfter.parse("Thu, 03 Dec 2026 11:00:00 GMT", NOW));
    assertEquals(PushTuning.MAX_RETRY_AFTER, RetryAfter.parse("999999", NOW));
    assertEquals(PushTuning.MAX_RETRY_AFTER, RetryAfter.parse("99999999999999", NOW));
    assertNull(RetryAfter.parse("soon", NOW));
    assertNull(RetryAfter.parse(null, NOW));
  }
}
