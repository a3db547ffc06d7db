package org.vigilar.config;

/**
 * The embedded broker's listeners and limits.
 *
 * @param port plain MQTT port, 0 for any free port
 * @param tlsPort MQTT over TLS port, 0 for any free port, -1 to disable
 * @param maxMessageSize largest payload in bytes a client may publish
 */
public record MqttSettings(
    String host, int port, int tlsPort, boolean allowAnonymous, int maxMessageSize) {

  public static final int MIN_MESSAGE_SIZE = 1024;

  public MqttSettings {
    Checks.port("mqtt.port", port);
    Checks.portOrDisabled("mqtt.tls_port", tlsPort);
    Checks.notBlank("mqtt.host", host);
    if (maxMessageSize < MIN_MESSAGE_SIZE) {
      throw new SettingsException(
          "mqtt.max_message_size must be at least 1KiB, was " + maxMessageSize + " bytes");
    }
  }

  public static MqttSettings defaults() {
    return new MqttSettings("0.0.0.0", 1883, 8883, false, 1 << 20);
  }

  /** Both listeners on free loopback ports, for tests and tools. */
  public static MqttSettings ephemeral() {
    return new MqttSettings("127.0.0.1", 0, -1, true, 1 << 20);
  }

  public MqttSettings withAllowAnonymous(boolean value) {
    return new MqttSettings(host, port, tlsPort, value, maxMessageSize);
  }

  public MqttSettings withTlsPort(int value) {
    return new MqttSettings(host, port, value, allowAnonymous, maxMessageSize);
  }

  public MqttSettings withPort(int value) {
    return new MqttSettings(host, value, tlsPort, allowAnonymous, maxMessageSize);
  }
}
