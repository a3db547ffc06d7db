package org.vigilar.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigilar.alarm.ApplianceFixture.WAIT;
import static org.vigilar.alarm.ApplianceFixture.publish;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.config.AlarmSettings;
import org.vigilar.config.SensorSettings;
import org.vigilar.config.Settings;

/** A power cut never disarms the house, and a restart during a delay keeps counting. */
class AlarmRestartTest {

  private static final String FRONT_DOOR = "vigilar/sensors/front-door/contact";

  @TempDir
  Path dir;

  @Test
  void restartInArmedAwayKeepsTheModeAndTheRetainedState() throws Exception {
    Settings settings = settings(Duration.ofMillis(300), Duration.ofSeconds(5));
    try (ApplianceFixture box = ApplianceFixture.start(settings)) {
      SseReader sse = box.sse();
      assertEquals(200, box.put("/api/alarm", "{\"mode\":\"armed_away\"}").status());
      sse.awaitState("armed_away", WAIT);
    }

    try (ApplianceFixture box = ApplianceFixture.start(settings)) {
      JsonNode status = box.get("/api/alarm").body();
      assertEquals("armed_away", status.get("mode").asText());
      assertEquals("armed_away", status.get("state").asText());
      assertEquals("armed_away", box.retainedAlarmState());

      SseReader sse = box.sse();
      publish(box.device("front-door"), FRONT_DOOR, "open");
      sse.awaitState("pending", WAIT);
    }
  }

  @Test
  void restartDuringTheEntryDelayKeepsItsDeadline() throws Exception {
    Settings settings = settings(Duration.ZERO, Duration.ofSeconds(8));
    Instant until;
    try (ApplianceFixture box = ApplianceFixture.start(settings)) {
      SseReader sse = box.sse();
      box.put("/api/alarm", "{\"mode\":\"armed_away\"}");
      publish(box.device("front-door"), FRONT_DOOR, "open");
      JsonNode pending = sse.awaitState("pending", WAIT);
      until = Instant.parse(pending.path("payload").path("until").asText());
    }

    try (ApplianceFixture box = ApplianceFixture.start(settings)) {
      SseReader sse = box.sse();
      JsonNode status = box.get("/api/alarm").body();
      assertEquals("pending", status.get("state").asText(), status.toString());
      assertEquals(until, Instant.parse(status.get("until").asText()));
      assertEquals("front-door", status.get("cause").asText());
      assertTrue(Instant.now().isBefore(until), "the restart took longer than the delay");

      JsonNode alarm = sse.await("alarm_triggered", Duration.ofSeconds(20));

      Instant at = Instant.parse(alarm.get("ts").asText());
      assertFalse(at.isBefore(until), "triggered at " + at + ", deadline " + until);
      assertTrue(at.isBefore(until.plusSeconds(2)), "triggered at " + at + ", deadline " + until);
      assertEquals("front-door", alarm.get("source_id").asText());
      assertEquals("triggered", box.retainedAlarmState());
    }
  }

  private Settings settings(Duration exit, Duration entry) {
    return Settings.defaults(dir).withAlarm(new AlarmSettings(exit, entry)).withSensors(Map.of(
        "front-door", new SensorSettings("Front door", "contact", "hall", "entry")));
  }
}
