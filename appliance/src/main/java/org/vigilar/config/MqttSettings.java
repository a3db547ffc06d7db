package org.vigilar.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The embedded broker's listeners and limits.
 *
 * @param port plain MQTT port, 0 for any free port
 * @param tlsPort MQTT over TLS port, 0 for any free port, -1 to disable
 * @param maxMessageSize largest payload in bytes a client may publish
 * @param addressFailures refused CONNECTs (bad credentials or a forbidden will) after which a
 *     client address is locked out
 * @param addressLockout the first lockout of an address; it doubles with every further failure
 *     up to {@link #MAX_ADDRESS_LOCKOUT}, or this value when longer
 */
public record MqttSettings(
    String host, int port, int tlsPort, boolean allowAnonymous, int maxMessageSize,
    int addressFailures, Duration addressLockout) {

  public static final int MIN_MESSAGE_SIZE = 1024;
  public static final int DEFAULT_ADDRESS_FAILURES = 10;
  public static final Duration DEFAULT_ADDRESS_LOCKOUT = Duration.ofSeconds(1);
  public static final Duration MAX_ADDRESS_LOCKOUT = Duration.ofMinutes(15);
  private static final int MAX_ADDRESS_FAILURES = 10_000;

  public MqttSettings {
    Checks.port("mqtt.port", port);
    Checks.portOrDisabled("mqtt.tls_port", tlsPort);
    Checks.notBlank("mqtt.host", host);
    if (maxMessageSize < MIN_MESSAGE_SIZE) {
      throw new SettingsException(
          "mqtt.max_message_size must be at least 1KiB, was " + maxMessageSize + " bytes");
    }
    if (addressFailures < 1 || addressFailures > MAX_ADDRESS_FAILURES) {
      throw new SettingsException("mqtt.address_failures must be a whole number from 1 to "
          + MAX_ADDRESS_FAILURES + ", was " + addressFailures);
    }
    Objects.requireNonNull(addressLockout, "addressLockout");
    if (addressLockout.isNegative() || addressLockout.isZero()
        || addressLockout.compareTo(Duration.ofDays(1)) > 0) {
      throw new SettingsException("mqtt.address_lockout must be longer than 0 and at most 1d,"
          + " was " + Durations.format(addressLockout));
    }
  }

  /** With the default limit of failed CONNECTs per address. */
  public MqttSettings(String host, int port, int tlsPort, boolean allowAnonymous,
      int maxMessageSize) {
    this(host, port, tlsPort, allowAnonymous, maxMessageSize, DEFAULT_ADDRESS_FAILURES,
        DEFAULT_ADDRESS_LOCKOUT);
  }

  public static MqttSettings defaults() {
    return new MqttSettings("0.0.0.0", 1883, 8883, false, 1 << 20);
  }

  /** Both listeners on free loopback ports, for tests and tools. */
  public static MqttSettings ephemeral() {
    return new MqttSettings("127.0.0.1", 0, -1, true, 1 << 20);
  }

  /** The longest lockout of an address: the ceiling, or the first lockout when longer. */
  public Duration maxAddressLockout() {
    return addressLockout.compareTo(MAX_ADDRESS_LOCKOUT) > 0 ? addressLockout
        : MAX_ADDRESS_LOCKOUT;
  }

  public MqttSettings withAllowAnonymous(boolean value) {
    return new MqttSettings(host, port, tlsPort, value, maxMessageSize, addressFailures,
        addressLockout);
  }

  public MqttSettings withTlsPort(int value) {
    return new MqttSettings(host, port, value, allowAnonymous, maxMessageSize, addressFailures,
        addressLockout);
  }

  public MqttSettings withPort(int value) {
    return new MqttSettings(host, value, tlsPort, allowAnonymous, maxMessageSize,
        addressFailures, addressLockout);
  }

  public MqttSettings withAddressLimit(int failures, Duration lockout) {
    return new MqttSettings(host, port, tlsPort, allowAnonymous, maxMessageSize, failures,
        lockout);
  }
}
