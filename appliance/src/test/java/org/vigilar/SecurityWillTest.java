package org.vigilar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.config.Settings;
import org.vigilar.devices.NewCredential;
import org.vigilar.testing.LogCapture;

/**
 * Will messages against the real broker, over plain MQTT and TLS: a CONNECT whose will its
 * device may not publish is refused before the broker stores the will; a will on the device's
 * own status topic works as before. One appliance serves every test, each with its own devices.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityWillTest {

  private static final String FORBIDDEN_WILLS = "vigilar_mqtt_forbidden_wills_total";
  private static final Duration GRACE = Duration.ofMillis(300);

  @TempDir
  static Path dir;

  private SecurityFixture fixture;
  private final BlockingQueue<String> timeline = new LinkedBlockingQueue<>();

  @BeforeAll
  void start() throws MqttException {
    fixture = SecurityFixture.start(dir, SecurityWillTest::settings);
    fixture.connectInternal("will-timeline").subscribe("vigilar/events/published", 1,
        (topic, message) -> timeline.add(new String(message.getPayload(),
            StandardCharsets.UTF_8)));
  }

  private static Settings settings(Settings settings) {
    return settings
        .withMqtt(settings.mqtt().withTlsPort(0))
        .withSupervision(settings.supervision().withGrace(GRACE));
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  private MqttConnectOptions withWill(NewCredential device, String topic, String payload) {
    MqttConnectOptions options = fixture.options(device.deviceId(), device.password().chars());
    options.setWill(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    return options;
  }

  private MqttException refusedWith(String uri, NewCredential device, String topic,
      String payload) {
    return assertThrows(MqttException.class, () -> fixture.connectWith(uri,
        device.deviceId() + "-" + UUID.randomUUID(), withWill(device, topic, payload)));
  }

  /** The first timeline event from {@code source} of {@code type}; fails after ten seconds. */
  private String awaitEvent(String source, String type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String event = timeline.poll(100, TimeUnit.MILLISECONDS);
      if (event != null && event.contains("\"source_id\":\"" + source + "\"")
          && event.contains("\"type\":\"" + type + "\"")) {
        return event;
      }
    }
    throw new AssertionError("no " + type + " event from " + source + " on the timeline");
  }

  @Test
  void aWillOnTheAlarmStateIsRefusedAndNoKeypadHearsIt() throws Exception {
    NewCredential keypad = fixture.addDevice("will-keypad");
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    fixture.connectDevice(keypad).subscribe("vigilar/alarm/state", 1, (topic, message) -> {
      if (!message.isRetained()) {
        heard.add(new String(message.getPayload(), StandardCharsets.UTF_8));
      }
    });
    long before = fixture.counter(FORBIDDEN_WILLS);

    MqttException refused = refusedWith(fixture.mqttUri(), fixture.addDevice("will-forger"),
        "vigilar/alarm/state", "disarmed-by-forgery");

    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode(),
        refused.toString());
    assertEquals(before + 1, fixture.counter(FORBIDDEN_WILLS));
    fixture.connectInternal("will-state-publisher").publish("vigilar/alarm/state",
        "state-marker".getBytes(StandardCharsets.UTF_8), 1, false);
    // The panel may announce a state of its own meanwhile; the forgery never arrives.
    String message;
    do {
      message = heard.poll(10, TimeUnit.SECONDS);
      assertTrue(message != null && !message.contains("forgery"), "the keypad heard " + message);
    } while (!message.equals("state-marker"));
  }

  @Test
  void aWillOnTheDevicesOwnStatusTopicStillMarksItOfflineWhenItsSocketDrops()
      throws Exception {
    NewCredential porch = fixture.addDevice("will-porch");
    BlockingQueue<String> status = new LinkedBlockingQueue<>();
    fixture.connectInternal("will-status-watcher").subscribe(
        "vigilar/sensors/will-porch/status", 1, (topic, message) -> status.add(
            new String(message.getPayload(), StandardCharsets.UTF_8)));
    MqttClient device = fixture.connectWith(fixture.mqttUri(), "will-porch-1",
        withWill(porch, "vigilar/sensors/will-porch/status", "offline"));
    device.publish("vigilar/sensors/will-porch/status",
        "online".getBytes(StandardCharsets.UTF_8), 1, false);
    device.publish("vigilar/sensors/will-porch/contact",
        "closed".getBytes(StandardCharsets.UTF_8), 1, false);
    assertEquals("online", status.poll(10, TimeUnit.SECONDS));

    device.disconnectForcibly(0, 1000, false);

    assertEquals("offline", status.poll(10, TimeUnit.SECONDS));
    String offline = awaitEvent("will-porch", "sensor_offline");
    assertTrue(offline.contains("\"reason\":\"status\""), offline);
  }

  @Test
  void aWillOnAnotherDevicesTopicIsRefusedAndLoggedWithoutThePassword() throws Exception {
    fixture.addDevice("will-victim");
    NewCredential forger = fixture.addDevice("will-impostor");
    long before = fixture.counter(FORBIDDEN_WILLS);
    MqttException refused;
    List<String> warnings;
    try (LogCapture log = LogCapture.of("org.vigilar.broker.ConnectRules")) {
      refused = refusedWith(fixture.mqttUri(), forger, "vigilar/sensors/will-victim/status",
          "offline");
      warnings = log.messages();
    }

    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode());
    assertEquals(before + 1, fixture.counter(FORBIDDEN_WILLS));
    assertEquals(1, warnings.size(), warnings.toString());
    String warning = warnings.get(0);
    assertTrue(warning.contains("client will-impostor-") && warning.contains("user will-impostor")
        && warning.contains("vigilar/sensors/will-victim/status"), warning);
    assertFalse(warning.contains(new String(forger.password().chars())), warning);
  }

  @Test
  void aForbiddenWillIsRefusedOverTlsToo() throws Exception {
    NewCredential device = fixture.addDevice("will-tls");
    MqttConnectOptions options = withWill(device, "vigilar/events/published",
        "{\"id\":999999,\"type\":\"panic\"}");
    options.setSocketFactory(SecurityTlsTest.trusting(
        Files.readString(dir.resolve("tls/ca.pem"))).getSocketFactory());
    String uri = "ssl://localhost:" + fixture.appliance.mqttTlsPort();
    long before = fixture.counter(FORBIDDEN_WILLS);

    MqttException refused = assertThrows(MqttException.class,
        () -> fixture.connectWith(uri, "will-tls-1", options));

    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode());
    assertEquals(before + 1, fixture.counter(FORBIDDEN_WILLS));
    // The same device without the forged will is welcome over TLS.
    options.setWill("vigilar/sensors/will-tls/status",
        "offline".getBytes(StandardCharsets.UTF_8), 1, false);
    assertTrue(fixture.connectWith(uri, "will-tls-2", options).isConnected());
  }
}
