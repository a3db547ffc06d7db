package org.vigilar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsLoaderTest {

  @TempDir
  Path dir;

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve(SettingsLoader.FILE_NAME), yaml);
  }

  private Settings load(Map<String, String> env) {
    return new SettingsLoader(env).load(null, Map.of("data_dir", dir.toString()));
  }

  private String error(Map<String, String> env) {
    return assertThrows(SettingsException.class, () -> load(env)).getMessage();
  }

  @Test
  void withoutAFileEveryKeyHasItsDefault() {
    Settings settings = load(Map.of());
    assertEquals(dir, settings.dataDir());
    assertEquals(MqttSettings.defaults(), settings.mqtt());
    assertEquals(WebSettings.defaults(), settings.web());
    assertEquals(AlarmSettings.defaults(), settings.alarm());
    assertEquals(PushSettings.defaults(), settings.push());
    assertTrue(settings.sensors().isEmpty());
  }

  @Test
  void defaultDataDirectoryIsVigilarData() {
    Settings settings = new SettingsLoader(Map.of()).load(null, Map.of());
    assertEquals(Path.of("./vigilar-data"), settings.dataDir());
  }

  @Test
  void readsEverySectionOfTheFile() throws IOException {
    write("""
        mqtt:   { host: 127.0.0.1, port: 1884, tls_port: -1, allow_anonymous: true,
                  max_message_size: 2MiB }
        web:    { host: 127.0.0.2, http_port: 8081, https_port: 8444 }
        alarm:  { exit_delay: 45s, entry_delay: 500ms }
        push:   { subject: "mailto:me@example.org" }
        sensors:
          front-door: { name: Front door, kind: contact, zone: hall, role: entry }
          hall-motion: { kind: motion }
        """);
    Settings settings = load(Map.of());
    assertEquals(new MqttSettings("127.0.0.1", 1884, -1, true, 2 << 20), settings.mqtt());
    assertEquals(new WebSettings("127.0.0.2", 8081, 8444), settings.web());
    assertEquals(new AlarmSettings(Duration.ofSeconds(45), Duration.ofMillis(500)),
        settings.alarm());
    assertEquals("mailto:me@example.org", settings.push().subject());
    assertEquals(new SensorSettings("Front door", "contact", "hall", "entry"),
        settings.sensors().get("front-door"));
    assertEquals(new SensorSettings(null, "motion", null, null),
        settings.sensors().get("hall-motion"));
  }

  @Test
  void emptyFileMeansDefaults() throws IOException {
    write("# nothing here\n");
    assertEquals(MqttSettings.defaults(), load(Map.of()).mqtt());
  }

  @Test
  void environmentOverridesTheFile() throws IOException {
    write("alarm: { exit_delay: 45s }\nmqtt: { port: 1884 }\n");
    Settings settings = load(Map.of(
        "VIGILAR_ALARM_EXIT_DELAY", "5s",
        "VIGILAR_MQTT_MAX_MESSAGE_SIZE", "512KiB",
        "VIGILAR_WEB_HTTP_PORT", "9090",
        "VIGILAR_MQTT_ALLOW_ANONYMOUS", "yes",
        "VIGILAR_ADMIN_PASSWORD", "not a setting of this file",
        "PATH", "/usr/bin"));
    assertEquals(Duration.ofSeconds(5), settings.alarm().exitDelay());
    assertEquals(1884, settings.mqtt().port());
    assertEquals(512 * 1024, settings.mqtt().maxMessageSize());
    assertEquals(9090, settings.web().httpPort());
    assertTrue(settings.mqtt().allowAnonymous());
  }

  @Test
  void explicitOverridesWinOverEnvironmentAndFile() throws IOException {
    write("web: { http_port: 8081 }\n");
    Settings settings = new SettingsLoader(Map.of("VIGILAR_WEB_HTTP_PORT", "9090"))
        .load(null, Map.of("data_dir", dir.toString(), "web.http_port", "7070"));
    assertEquals(7070, settings.web().httpPort());
  }

  @Test
  void dataDirectoryFromTheEnvironmentLocatesTheFile() throws IOException {
    write("mqtt: { port: 1999 }\n");
    Settings settings = new SettingsLoader(Map.of("VIGILAR_DATA_DIR", dir.toString()))
        .load(null, Map.of());
    assertEquals(dir, settings.dataDir());
    assertEquals(1999, settings.mqtt().port());
  }

  @Test
  void explicitFileIsRead() throws IOException {
    Path file = Files.writeString(dir.resolve("other.yml"), "mqtt: { port: 2000 }\n");
    assertEquals(2000, new SettingsLoader(Map.of()).load(file, Map.of()).mqtt().port());
  }

  @Test
  void missingExplicitFileIsAnError() {
    Path missing = dir.resolve("missing.yml");
    SettingsException e = assertThrows(SettingsException.class,
        () -> new SettingsLoader(Map.of()).load(missing, Map.of()));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void unknownKeyInTheFileIsNamed() throws IOException {
    write("mqtt: { prot: 1883 }\n");
    String message = error(Map.of());
    assertTrue(message.contains("'mqtt.prot'"), message);
  }

  @Test
  void unknownSectionInTheFileIsNamed() throws IOException {
    write("mqt: { port: 1883 }\n");
    assertTrue(error(Map.of()).contains("'mqt.port'"));
  }

  @Test
  void unknownSensorFieldIsNamed() throws IOException {
    write("sensors:\n  door: { nmae: Door }\n");
    assertTrue(error(Map.of()).contains("'sensors.door.nmae'"));
  }

  @Test
  void unknownEnvironmentVariableIsNamed() {
    String message = error(Map.of("VIGILAR_MQTT_PROT", "1"));
    assertTrue(message.contains("VIGILAR_MQTT_PROT"), message);
  }

  @Test
  void unknownOverrideIsNamed() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> new SettingsLoader(Map.of()).load(null, Map.of("web.port", "1")));
    assertTrue(e.getMessage().contains("'web.port'"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "VIGILAR_MQTT_PORT | 70000 | mqtt.port",
      "VIGILAR_MQTT_PORT | 18a3 | mqtt.port",
      "VIGILAR_WEB_HTTP_PORT | -2 | web.http_port",
      "VIGILAR_WEB_HTTPS_PORT | https | web.https_port",
      "VIGILAR_MQTT_TLS_PORT | -5 | mqtt.tls_port",
      "VIGILAR_MQTT_ALLOW_ANONYMOUS | maybe | mqtt.allow_anonymous",
      "VIGILAR_MQTT_MAX_MESSAGE_SIZE | 1GiB | mqtt.max_message_size",
      "VIGILAR_MQTT_MAX_MESSAGE_SIZE | 100 | mqtt.max_message_size",
      "VIGILAR_MQTT_HOST | '  ' | mqtt.host",
      "VIGILAR_MQTT_ADDRESS_FAILURES | 0 | mqtt.address_failures",
      "VIGILAR_MQTT_ADDRESS_FAILURES | many | mqtt.address_failures",
      "VIGILAR_MQTT_ADDRESS_LOCKOUT | 0s | mqtt.address_lockout",
      "VIGILAR_MQTT_ADDRESS_LOCKOUT | 2d | mqtt.address_lockout",
      "VIGILAR_ALARM_EXIT_DELAY | 5 | alarm.exit_delay",
      "VIGILAR_ALARM_ENTRY_DELAY | soon | alarm.entry_delay",
      "VIGILAR_PUSH_SUBJECT | owner@example.org | push.subject"})
  void badValueIsNamedWithItsKey(String variable, String value, String key) {
    String message = error(Map.of(variable, value));
    assertTrue(message.startsWith(key + " "), message);
  }

  @Test
  void badValueInTheFileIsNamedWithItsKey() throws IOException {
    write("alarm:\n  exit_delay: 30 seconds\n");
    String message = error(Map.of());
    assertTrue(message.contains("alarm.exit_delay"), message);
    assertTrue(message.contains("'30 seconds'"), message);
  }

  @Test
  void nestedValueWhereAScalarBelongsIsAnError() throws IOException {
    write("mqtt:\n  port: [1, 2]\n");
    assertTrue(error(Map.of()).startsWith("mqtt.port must be a single value"));
  }

  @Test
  void invalidYamlNamesTheFileAndLine() throws IOException {
    Path file = write("mqtt:\n  port: 1883\n  host: [unclosed\n");
    String message = error(Map.of());
    assertTrue(message.contains(file.toString()), message);
    assertTrue(message.contains("line"), message);
  }

  @Test
  void fileThatIsNoMappingIsAnError() throws IOException {
    write("- just\n- a list\n");
    assertTrue(error(Map.of()).contains("must hold a mapping"));
  }

  @Test
  void envNameIsUpperCaseWithSectionAndKey() {
    assertEquals("VIGILAR_ALARM_EXIT_DELAY", SettingsLoader.envName("alarm.exit_delay"));
    assertEquals("VIGILAR_DATA_DIR", SettingsLoader.envName("data_dir"));
  }

  @Test
  void zeroPortsAreAllowedForFreePorts() {
    Settings settings = load(Map.of("VIGILAR_MQTT_PORT", "0", "VIGILAR_WEB_HTTP_PORT", "0"));
    assertEquals(0, settings.mqtt().port());
    assertEquals(0, settings.web().httpPort());
    assertFalse(settings.mqtt().allowAnonymous());
  }
}
