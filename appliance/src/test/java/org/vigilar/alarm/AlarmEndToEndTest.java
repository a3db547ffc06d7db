package org.vigilar.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigilar.alarm.ApplianceFixture.WAIT;
import static org.vigilar.alarm.ApplianceFixture.publish;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.config.AlarmSettings;
import org.vigilar.config.SensorSettings;
import org.vigilar.config.Settings;

/** The panel in the real appliance: HTTP API, MQTT devices and keypads, the SSE stream. */
class AlarmEndToEndTest {

  private static final Map<String, SensorSettings> HOUSE = Map.of(
      "front-door", new SensorSettings("Front door", "contact", "hall", "entry"),
      "back-window", new SensorSettings("Back window", "contact", "kitchen", "perimeter"));
  private static final String FRONT_DOOR = "vigilar/sensors/front-door/contact";
  private static final String BACK_WINDOW = "vigilar/sensors/back-window/contact";

  @TempDir
  Path dir;

  @Test
  void doorOpenedAfterArmingAwayGivesPendingThenTheAlarmOnTheStream() throws Exception {
    try (ApplianceFixture box = ApplianceFixture.start(settings(300, 300))) {
      SseReader sse = box.sse();
      MqttClient door = box.device("front-door");

      ApplianceFixture.Answer armed = box.put("/api/alarm", "{\"mode\":\"armed_away\"}");
      assertEquals(200, armed.status(), armed.body().toString());
      assertEquals("armed_away", armed.body().get("mode").asText());
      assertEquals("arming", armed.body().get("state").asText());
      assertFalse(armed.body().get("until").isNull());
      JsonNode settled = sse.awaitState("armed_away", WAIT);
      assertEquals("timer", settled.path("payload").path("by").asText());

      publish(door, FRONT_DOOR, "open");

      JsonNode opened = sse.await("contact_open", WAIT);
      JsonNode pending = sse.awaitState("pending", WAIT);
      JsonNode alarm = sse.await("alarm_triggered", WAIT);
      assertTrue(opened.get("id").asLong() < pending.get("id").asLong());
      assertTrue(pending.get("id").asLong() < alarm.get("id").asLong());
      assertEquals("warning", opened.get("severity").asText());
      assertEquals("front-door", pending.path("payload").path("actor").asText());
      assertEquals("critical", alarm.get("severity").asText());
      assertEquals("front-door", alarm.get("source_id").asText());
      assertEquals("triggered", box.get("/api/alarm").body().get("state").asText());
      assertEquals("triggered", box.retainedAlarmState());
    }
  }

  @Test
  void disarmingWithinTheEntryDelayMeansNoAlarm() throws Exception {
    try (ApplianceFixture box = ApplianceFixture.start(settings(300, 1500))) {
      SseReader sse = box.sse();
      MqttClient door = box.device("front-door");
      box.put("/api/alarm", "{\"mode\":\"armed_away\"}");
      sse.awaitState("armed_away", WAIT);

      publish(door, FRONT_DOOR, "{\"state\":\"open\"}");
      JsonNode pending = sse.awaitState("pending", WAIT);
      Instant until = Instant.parse(pending.path("payload").path("until").asText());
      ApplianceFixture.Answer disarmed = box.put("/api/alarm", "{\"mode\":\"disarmed\"}");
      assertEquals(200, disarmed.status());
      assertEquals("disarmed", disarmed.body().get("state").asText());
      sse.awaitState("disarmed", WAIT);

      // Once the old deadline has passed, a marker event shows the stream is caught up.
      ApplianceFixture.until("end of the cancelled entry delay",
          () -> Instant.now().isAfter(until.plusMillis(300)), WAIT);
      publish(door, FRONT_DOOR, "closed");
      sse.await("contact_closed", WAIT);
      assertTrue(sse.events().stream().noneMatch(SseReader.ofType("alarm_triggered")),
          sse.events().toString());
      assertEquals("disarmed", box.get("/api/alarm").body().get("state").asText());
      assertEquals("disarmed", box.retainedAlarmState());
    }
  }

  @Test
  void openSensorsBlockArmingUntilBypassed() throws Exception {
    try (ApplianceFixture box = ApplianceFixture.start(settings(0, 300))) {
      SseReader sse = box.sse();
      MqttClient window = box.device("back-window");
      publish(window, BACK_WINDOW, "open");
      sse.await("contact_open", WAIT);
      ApplianceFixture.until("the panel knows the window is open",
          () -> openSensors(box).contains("back-window"), WAIT);

      ApplianceFixture.Answer refused = box.put("/api/alarm", "{\"mode\":\"armed_away\"}");

      assertEquals(409, refused.status());
      assertTrue(refused.body().get("error").asText().contains("back-window"));
      JsonNode open = refused.body().get("open_sensors").get(0);
      assertEquals("back-window", open.get("source_id").asText());
      assertEquals("Back window", open.get("name").asText());
      assertEquals("perimeter", open.get("role").asText());
      assertEquals("disarmed", box.get("/api/alarm").body().get("state").asText());

      ApplianceFixture.Answer bypassed = box.put("/api/alarm",
          "{\"mode\":\"armed_away\",\"bypass\":[\"back-window\"]}");
      assertEquals(200, bypassed.status(), bypassed.body().toString());
      assertEquals("armed_away", bypassed.body().get("state").asText());
      assertEquals("back-window", bypassed.body().get("bypass").get(0).asText());

      publish(window, BACK_WINDOW, "closed");
      long closed = sse.await("contact_closed", WAIT).get("id").asLong();
      publish(window, BACK_WINDOW, "open");
      sse.await("the second opening", e -> e.path("type").asText().equals("contact_open")
          && e.get("id").asLong() > closed, WAIT);
      box.marker(sse);
      assertTrue(sse.events().stream().noneMatch(SseReader.ofType("alarm_triggered")),
          sse.events().toString());
      assertEquals("armed_away", box.get("/api/alarm").body().get("state").asText());
    }
  }

  @Test
  void badRequestsAreAnsweredWithErrors() throws Exception {
    try (ApplianceFixture box = ApplianceFixture.start(settings(0, 300))) {
      assertEquals(401, box.putWithoutSignIn("/api/alarm", "{\"mode\":\"armed_away\"}")
          .status());
      assertEquals(401, box.putWithoutSignIn("/api/sensors/front-door", "{\"role\":\"monitor\"}")
          .status());
      assertEquals("disarmed", box.get("/api/alarm").body().get("state").asText());
      assertEquals("entry", box.get("/api/sensors/front-door").body().get("role").asText());
      assertEquals(400, box.put("/api/alarm", "{\"mode\":\"armed_vacation\"}").status());
      assertEquals(400, box.put("/api/alarm", "not json").status());
      ApplianceFixture.Answer unknown = box.put("/api/alarm",
          "{\"mode\":\"armed_away\",\"bypass\":[\"nobody\"]}");
      assertEquals(400, unknown.status());
      assertTrue(unknown.body().get("error").asText().contains("nobody"));
      assertEquals(404, box.get("/api/sensors/nobody").status());
      assertEquals(400, box.put("/api/sensors/front-door", "{\"role\":\"garage\"}").status());
      assertEquals(400, box.put("/api/sensors/front-door", "{\"colour\":\"red\"}").status());
    }
  }

  @Test
  void sensorEditsChangeItsRoleAndShowInTheSensorList() throws Exception {
    try (ApplianceFixture box = ApplianceFixture.start(settings(0, 5000))) {
      SseReader sse = box.sse();
      ApplianceFixture.Answer edited = box.put("/api/sensors/front-door",
          "{\"role\":\"perimeter\",\"zone\":\"porch\",\"min_active\":\"0s\",\"pulses\":1}");
      assertEquals(200, edited.status(), edited.body().toString());
      assertEquals("perimeter", edited.body().get("role").asText());
      assertEquals("Front door", edited.body().get("name").asText());

      JsonNode listed = sensor(box.get("/api/sensors").body(), "front-door");
      assertEquals("perimeter", listed.get("role").asText());
      assertEquals("porch", listed.get("zone").asText());

      box.put("/api/alarm", "{\"mode\":\"armed_away\"}");
      publish(box.device("front-door"), FRONT_DOOR, "open");
      JsonNode alarm = sse.await("alarm_triggered", WAIT);
      assertEquals("front-door", alarm.get("source_id").asText());
      assertTrue(sse.events().stream().noneMatch(e -> e.path("payload").path("state").asText()
          .equals("pending")), "a perimeter door triggers at once");

      ApplianceFixture.Answer reset = box.put("/api/sensors/front-door",
          "{\"role\":null,\"zone\":null}");
      assertEquals("entry", reset.body().get("role").asText());
      assertEquals("hall", reset.body().get("zone").asText());
    }
  }

  @Test
  void keypadCommandsOverMqttArmAndDisarm() throws Exception {
    AlarmSettings alarm = new AlarmSettings(Duration.ofMillis(300), Duration.ofSeconds(5))
        .withCode("4711", false);
    try (ApplianceFixture box = ApplianceFixture.start(
        Settings.defaults(dir).withAlarm(alarm).withSensors(HOUSE))) {
      SseReader sse = box.sse();
      String keypadId = "hall-keypad";
      MqttClient keypad = box.connectDevice(box.addDevice(keypadId, AlarmService.SET_TOPIC));
      MqttClient stranger = box.device("stranger");

      // A device without the grant cannot arm: the broker refuses its command and closes its
      // connection. An anonymous client (a lab network) reaches the panel, which refuses it.
      MqttClient lamp = box.connectDevice(box.addDevice("porch-lamp"));
      assertThrows(MqttException.class, () -> publish(lamp, AlarmService.SET_TOPIC, "ARM_AWAY"));
      ApplianceFixture.until("the lamp's connection to close", () -> !lamp.isConnected(), WAIT);
      publish(stranger, AlarmService.SET_TOPIC, "ARM_AWAY");
      box.marker(sse);
      assertEquals("disarmed", box.get("/api/alarm").body().get("state").asText());
      assertTrue(sse.events().stream().noneMatch(SseReader.ofType("alarm_state")),
          sse.events().toString());
      assertEquals(1, box.appliance.metrics().count("vigilar_mqtt_denied_publishes_total", "",
          ""));
      assertEquals(1, box.appliance.metrics().count("vigilar_alarm_commands_total", "outcome",
          "not_authorised"));

      publish(keypad, AlarmService.SET_TOPIC, "ARM_AWAY");
      JsonNode arming = sse.awaitState("arming", WAIT);
      assertEquals("keypad", arming.path("payload").path("by").asText());
      assertEquals(keypadId, arming.path("payload").path("actor").asText());
      sse.awaitState("armed_away", WAIT);

      // Neither an unauthorised device nor a keypad without the code can disarm.
      publish(stranger, AlarmService.SET_TOPIC, "DISARM");
      publish(keypad, AlarmService.SET_TOPIC, "DISARM");
      publish(keypad, AlarmService.SET_TOPIC, "{\"action\":\"DISARM\",\"code\":\"0000\"}");
      box.marker(sse);
      assertEquals("armed_away", box.get("/api/alarm").body().get("state").asText());
      assertEquals(2, box.appliance.metrics().count("vigilar_alarm_commands_total", "outcome",
          "not_authorised"));
      assertEquals(2, box.appliance.metrics().count("vigilar_alarm_commands_total", "outcome",
          "bad_code"));

      publish(keypad, AlarmService.SET_TOPIC, "{\"action\":\"DISARM\",\"code\":\"4711\"}");
      JsonNode disarmed = sse.awaitState("disarmed", WAIT);
      assertEquals(keypadId, disarmed.path("payload").path("actor").asText());
      assertEquals("disarmed", box.retainedAlarmState());
    }
  }

  private Settings settings(long exitMs, long entryMs) {
    return Settings.defaults(dir)
        .withAlarm(new AlarmSettings(Duration.ofMillis(exitMs), Duration.ofMillis(entryMs)))
        .withSensors(HOUSE);
  }

  private static List<String> openSensors(ApplianceFixture box) {
    try {
      List<String> ids = new ArrayList<>();
      box.get("/api/alarm").body().get("open_sensors")
          .forEach(s -> ids.add(s.get("source_id").asText()));
      return ids;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode sensor(JsonNode list, String id) {
    for (JsonNode s : list.get("sensors")) {
      if (s.get("source_id").asText().equals(id)) {
        return s;
      }
    }
    throw new AssertionError("no sensor " + id + " in " + list);
  }
}
