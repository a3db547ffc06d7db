package org.vigilar.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigilar.alarm.ApplianceFixture.WAIT;
import static org.vigilar.alarm.ApplianceFixture.publish;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.config.AlarmSettings;
import org.vigilar.config.SensorSettings;
import org.vigilar.config.Settings;
import org.vigilar.config.SupervisionSettings;
import org.vigilar.devices.NewCredential;

/** Sensor supervision in the real appliance: silence, will messages, flaps, coming back. */
class AlarmSupervisionEndToEndTest {

  private static final Duration GRACE = Duration.ofMillis(1500);

  @TempDir
  Path dir;

  @Test
  void silentSensorIsOfflineAfterItsBudgetAndOnlineWhenHeardAgain() throws Exception {
    try (ApplianceFixture box = ApplianceFixture.start(settings())) {
      SseReader sse = box.sse();
      MqttClient sensor = box.device("cellar-water");
      // The appliance hears the sensor after this instant; its first normal state is no event.
      Instant heard = Instant.now();
      publish(sensor, "vigilar/sensors/cellar-water/water", "off");
      box.marker(sse);

      JsonNode offline = sse.await("sensor_offline", WAIT);

      assertEquals("cellar-water", offline.get("source_id").asText());
      assertEquals("silent", offline.path("payload").path("reason").asText());
      assertTrue(Instant.parse(offline.get("ts").asText()).isAfter(heard.plusMillis(500)));
      assertEquals(Boolean.FALSE, online(box, "cellar-water"));

      publish(sensor, "vigilar/sensors/cellar-water/heartbeat", "1");
      JsonNode back = sse.await("sensor_online", WAIT);
      assertEquals("cellar-water", back.get("source_id").asText());
      assertEquals("info", back.get("severity").asText());
      assertEquals(Boolean.TRUE, online(box, "cellar-water"));
    }
  }

  @Test
  void willMessageMakesTheSensorOfflineAfterTheGraceAndItsReturnIsNoActivation()
      throws Exception {
    try (ApplianceFixture box = ApplianceFixture.start(settings())) {
      SseReader sse = box.sse();
      box.put("/api/alarm", "{\"mode\":\"armed_away\"}");
      sse.awaitState("armed_away", WAIT);

      MqttClient door = withWill("porch-door", box);
      publish(door, "vigilar/sensors/porch-door/status", "online");
      publish(door, "vigilar/sensors/porch-door/contact", "closed");
      box.marker(sse);
      Instant lost = Instant.now();
      door.disconnectForcibly(0, 1000, false);

      JsonNode offline = sse.await("sensor_offline", WAIT);
      assertEquals("porch-door", offline.get("source_id").asText());
      assertEquals("status", offline.path("payload").path("reason").asText());
      assertEquals("critical", offline.get("severity").asText(), "armed, and the door counts");
      assertTrue(Instant.parse(offline.get("ts").asText()).isAfter(lost.plus(GRACE)));

      MqttClient again = withWill("porch-door", box);
      publish(again, "vigilar/sensors/porch-door/status", "online");
      sse.await("sensor_online", WAIT);
      publish(again, "vigilar/sensors/porch-door/contact", "closed");
      box.marker(sse);
      assertEquals("armed_away", box.get("/api/alarm").body().get("state").asText());
      assertTrue(sse.events().stream().noneMatch(SseReader.ofType("alarm_triggered")));
    }
  }

  @Test
  void willsOnTopicsTheDeviceMayNotPublishAreRefusedAtConnect() throws Exception {
    // "rogue" is named a keypad, so only the check of its will stops its DISARM.
    Settings settings = settings();
    settings = settings.withAlarm(settings.alarm().withKeypads(Set.of("rogue")));
    try (ApplianceFixture box = ApplianceFixture.start(settings)) {
      SseReader sse = box.sse();
      box.put("/api/alarm", "{\"mode\":\"armed_away\"}");
      sse.awaitState("armed_away", WAIT);
      MqttClient door = withWill("porch-door", box);
      publish(door, "vigilar/sensors/porch-door/status", "online");

      NewCredential rogue = box.addDevice("rogue");
      MqttException forger = assertThrows(MqttException.class, () -> connectWithWill(box, rogue,
          "vigilar/sensors/porch-door/status", "offline"));
      MqttException commander = assertThrows(MqttException.class,
          () -> connectWithWill(box, rogue, AlarmService.SET_TOPIC, "DISARM"));
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, forger.getReasonCode());
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, commander.getReasonCode());
      assertEquals(2, box.appliance.metrics().count("vigilar_mqtt_forbidden_wills_total", "",
          ""));

      box.marker(sse);
      assertTrue(sse.events().stream().noneMatch(SseReader.ofType("sensor_offline")),
          sse.events().toString());
      assertEquals(Boolean.TRUE, online(box, "porch-door"));
      assertEquals("armed_away", box.get("/api/alarm").body().get("state").asText());
    }
  }

  @Test
  void flapShorterThanTheGracePeriodCreatesNoEvent() throws Exception {
    try (ApplianceFixture box = ApplianceFixture.start(settings())) {
      SseReader sse = box.sse();
      MqttClient door = withWill("garage-door", box);
      publish(door, "vigilar/sensors/garage-door/status", "online");
      door.disconnectForcibly(0, 1000, false);
      Instant lost = Instant.now();
      MqttClient back = withWill("garage-door", box);
      publish(back, "vigilar/sensors/garage-door/status", "online");

      ApplianceFixture.until("the grace period to pass",
          () -> Instant.now().isAfter(lost.plus(GRACE).plusMillis(500)), WAIT);
      box.marker(sse);
      assertTrue(sse.events().stream().noneMatch(e -> e.path("type").asText()
          .startsWith("sensor_")), sse.events().toString());
    }
  }

  private Settings settings() {
    SupervisionSettings supervision = SupervisionSettings.defaults().withGrace(GRACE)
        .withKindBudgets(Map.of("water", Duration.ofMillis(600)));
    return Settings.defaults(dir)
        .withAlarm(new AlarmSettings(Duration.ZERO, Duration.ofSeconds(30)))
        .withSensors(Map.of(
            "porch-door", new SensorSettings("Porch door", "contact", "porch", "perimeter")))
        .withSupervision(supervision);
  }

  private static MqttClient withWill(String id, ApplianceFixture box) throws Exception {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setWill("vigilar/sensors/" + id + "/status",
        "offline".getBytes(StandardCharsets.UTF_8), 1, false);
    return box.connect(id, options);
  }

  private static MqttClient connectWithWill(ApplianceFixture box, NewCredential device,
      String topic, String payload) throws Exception {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(device.deviceId());
    options.setPassword(device.password().chars());
    options.setWill(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    return box.connect(device.deviceId(), options);
  }

  private static Boolean online(ApplianceFixture box, String id) throws Exception {
    for (JsonNode s : box.get("/api/sensors").body().get("sensors")) {
      if (s.get("source_id").asText().equals(id)) {
        return s.get("online").isNull() ? null : s.get("online").asBoolean();
      }
    }
    throw new AssertionError("no sensor " + id);
  }
}
