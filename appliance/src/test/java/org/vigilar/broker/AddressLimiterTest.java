package org.vigilar.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vigilar.config.MqttSettings;
import org.vigilar.metrics.Metrics;
import org.vigilar.security.FailureLimiter;
import org.vigilar.testing.LogCapture;

class AddressLimiterTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final AtomicLong now = new AtomicLong();
  private final Metrics metrics = new Metrics();
  private final AddressLimiter limiter = new AddressLimiter(AddressLimiter.limits(
      MqttSettings.ephemeral().withAddressLimit(3, Duration.ofSeconds(1))), now::get, metrics);

  private void fail(String address, int times) {
    for (int i = 0; i < times; i++) {
      limiter.failed(address);
    }
  }

  @Test
  void theLimitsFollowTheSettings() {
    assertEquals(new FailureLimiter.Limits(10, Duration.ofSeconds(1), Duration.ofMinutes(15),
        Duration.ofHours(1), 4096), AddressLimiter.limits(MqttSettings.defaults()));
    FailureLimiter.Limits slow = AddressLimiter.limits(MqttSettings.defaults()
        .withAddressLimit(2, Duration.ofHours(2)));
    assertEquals(Duration.ofHours(2), slow.maxLockout());
    assertEquals(Duration.ofHours(2), slow.forgetAfter());
  }

  @Test
  void anAddressIsLockedOutAfterItsFailuresAndOnlyThatAddress() {
    fail("192.0.2.7", 2);
    assertTrue(limiter.admits("192.0.2.7"));

    limiter.failed("192.0.2.7");

    assertFalse(limiter.admits("192.0.2.7"));
    assertTrue(limiter.admits("192.0.2.8"));
    assertEquals(1, metrics.count(AddressLimiter.THROTTLED, "", ""));
  }

  @Test
  void theLockoutEndsAndDoublesWithTheNextFailure() {
    fail("192.0.2.7", 3);
    now.addAndGet(SECOND);
    assertTrue(limiter.admits("192.0.2.7"));

    limiter.failed("192.0.2.7");
    now.addAndGet(SECOND);
    assertFalse(limiter.admits("192.0.2.7"));
    now.addAndGet(SECOND);
    assertTrue(limiter.admits("192.0.2.7"));
  }

  @Test
  void oneWarningEachTimeAnAddressIsLockedOut() {
    List<String> warnings;
    try (LogCapture log = LogCapture.of("org.vigilar.broker.AddressLimiter")) {
      fail("192.0.2.7", 5);
      now.addAndGet(10 * SECOND);
      limiter.failed("192.0.2.7");
      warnings = log.messages();
    }

    assertEquals(List.of(
        "MQTT CONNECTs from 192.0.2.7 are refused for 1 s: too many were refused for their"
            + " credentials or will",
        "MQTT CONNECTs from 192.0.2.7 are refused for 8 s: too many were refused for their"
            + " credentials or will"), warnings);
  }

  @Test
  void aSuccessForgetsTheFailures() {
    fail("192.0.2.7", 2);
    limiter.succeeded("192.0.2.7");
    fail("192.0.2.7", 2);

    assertTrue(limiter.admits("192.0.2.7"));
  }
}
