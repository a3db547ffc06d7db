package org.vigilar.broker;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.config.MqttSettings;
import org.vigilar.metrics.Metrics;
import org.vigilar.security.FailureLimiter;

/**
 * Refused CONNECTs per client address. Once an address has been refused
 * {@code mqtt.address_failures} times it is locked out, for a time that doubles with every
 * further refusal, and its CONNECTs are turned away at once: no password check, which is slow
 * by design and runs on a network thread shared with other clients.
 *
 * <p>An accepted CONNECT forgets the address's failures, as a successful web sign-in does.
 * Loopback is not exempt, as it is not for web sign-ins.
 */
final class AddressLimiter {

  static final String THROTTLED = "vigilar_mqtt_connect_throttled_total";
  private static final Logger log = LoggerFactory.getLogger(AddressLimiter.class);
  /** Addresses followed at once; beyond it new ones share one entry (see FailureLimiter). */
  private static final int MAX_ADDRESSES = 4096;

  private final FailureLimiter limiter;
  private final LongSupplier nanos;
  private final Metrics metrics;

  AddressLimiter(FailureLimiter.Limits limits, LongSupplier nanos, Metrics metrics) {
    this.limiter = new FailureLimiter(limits);
    this.nanos = nanos;
    this.metrics = metrics;
    metrics.describe(THROTTLED,
        "MQTT CONNECTs refused at once because their address was refused too often");
  }

  /** The limits the settings ask for; failures are forgotten after an hour of quiet. */
  static FailureLimiter.Limits limits(MqttSettings settings) {
    Duration max = settings.maxAddressLockout();
    Duration hour = Duration.ofHours(1);
    return new FailureLimiter.Limits(settings.addressFailures(), settings.addressLockout(), max,
        max.compareTo(hour) > 0 ? max : hour, MAX_ADDRESSES);
  }

  /** Whether a CONNECT from {@code address} may go on; a refusal is counted. */
  boolean admits(String address) {
    if (limiter.lockedFor(address, nanos.getAsLong()) == 0) {
      return true;
    }
    metrics.counter(THROTTLED).increment();
    return false;
  }

  /** Records a refused CONNECT; says so once when it locks the address out. */
  void failed(String address) {
    long lockout = limiter.failure(address, nanos.getAsLong());
    if (lockout > 0) {
      log.warn("MQTT CONNECTs from {} are refused for {} s: too many were refused for their"
          + " credentials or will", address, FailureLimiter.retryAfterSeconds(lockout));
    }
  }

  /** Forgets the failures of an address that connected. */
  void succeeded(String address) {
    limiter.success(address);
  }
}
