package org.vigilar.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The appliance's whole configuration, checked once at start and immutable afterwards.
 *
 * @param dataDir where the database, keys, certificates and logs live
 * @param sensors sensors declared in the settings file, by source id
 */
public record Settings(
    Path dataDir,
    MqttSettings mqtt,
    WebSettings web,
    AlarmSettings alarm,
    PushSettings push,
    Map<String, SensorSettings> sensors,
    SupervisionSettings supervision) {

  public Settings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(mqtt, "mqtt");
    Objects.requireNonNull(web, "web");
    Objects.requireNonNull(alarm, "alarm");
    Objects.requireNonNull(push, "push");
    Objects.requireNonNull(supervision, "supervision");
    sensors = Map.copyOf(sensors);
  }

  public Settings(Path dataDir, MqttSettings mqtt, WebSettings web, AlarmSettings alarm,
      PushSettings push, Map<String, SensorSettings> sensors) {
    this(dataDir, mqtt, web, alarm, push, sensors, SupervisionSettings.defaults());
  }

  /** The defaults of the design page, with data in {@code dataDir}. */
  public static Settings defaults(Path dataDir) {
    return new Settings(dataDir, MqttSettings.defaults(), WebSettings.defaults(),
        AlarmSettings.defaults(), PushSettings.defaults(), Map.of(),
        SupervisionSettings.defaults());
  }

  public Settings withMqtt(MqttSettings value) {
    return new Settings(dataDir, value, web, alarm, push, sensors, supervision);
  }

  public Settings withWeb(WebSettings value) {
    return new Settings(dataDir, mqtt, value, alarm, push, sensors, supervision);
  }

  public Settings withAlarm(AlarmSettings value) {
    return new Settings(dataDir, mqtt, web, value, push, sensors, supervision);
  }

  public Settings withSensors(Map<String, SensorSettings> value) {
    return new Settings(dataDir, mqtt, web, alarm, push, value, supervision);
  }

  public Settings withSupervision(SupervisionSettings value) {
    return new Settings(dataDir, mqtt, web, alarm, push, sensors, value);
  }
}
