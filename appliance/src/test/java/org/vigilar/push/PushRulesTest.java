package org.vigilar.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vigilar.alarm.ArmMode;
import org.vigilar.events.Event;
import org.vigilar.events.Severity;

class PushRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Event event(String type, Severity severity) {
    return new Event(7, Instant.EPOCH, type, severity, "door", "{}");
  }

  @Test
  void defaultsPushCriticalAlwaysWarningWhenArmedInfoNever() {
    PushRules rules = PushRules.defaults();
    for (ArmMode mode : ArmMode.values()) {
      assertTrue(rules.pushes(event("smoke", Severity.CRITICAL), mode), mode.wireName());
      assertEquals(mode.isArmed(), rules.pushes(event("motion", Severity.WARNING), mode));
      assertFalse(rules.pushes(event("contact_closed", Severity.INFO), mode));
    }
  }

  @Test
  void aTypeRuleWinsOverItsSeverity() throws Exception {
    PushRules rules = PushRules.fromJson(JSON.readTree(
        "{\"types\": {\"battery_low\": \"never\", \"sensor_online\": [\"armed_away\"]}}"),
        PushRules.defaults());

    assertFalse(rules.pushes(event("battery_low", Severity.WARNING), ArmMode.ARMED_AWAY));
    assertTrue(rules.pushes(event("sensor_online", Severity.INFO), ArmMode.ARMED_AWAY));
    assertFalse(rules.pushes(event("sensor_online", Severity.INFO), ArmMode.ARMED_HOME));
    assertTrue(rules.pushes(event("motion", Severity.WARNING), ArmMode.ARMED_HOME));
  }

  @Test
  void roundTripsThroughJsonAndKeepsSeveritiesLeftOut() throws Exception {
    PushRules changed = PushRules.fromJson(JSON.readTree(
        "{\"severities\": {\"info\": \"armed\"}}"), PushRules.defaults());

    assertEquals(changed, PushRules.fromJson(changed.toJson(), PushRules.defaults()));
    assertEquals(PushRules.defaults().severities().get(Severity.CRITICAL),
        changed.severities().get(Severity.CRITICAL));
  }

  @Test
  void refusesUnknownFieldsSeveritiesModesAndTypes() {
    for (String bad : new String[] {"{\"severity\": {}}", "{\"severities\": {\"loud\": []}}",
        "{\"severities\": {\"info\": \"sometimes\"}}", "{\"types\": {\"Bad Type\": []}}",
        "{\"severities\": {\"info\": [1]}}", "[]"}) {
      assertThrows(IllegalArgumentException.class,
          () -> PushRules.fromJson(JSON.readTree(bad), PushRules.defaults()), bad);
    }
  }

  @Test
  void criticalAlertsAreUrgentAndKeptForHoursTheRestLess() {
    Alert critical = AlertMessages.forEvent(event("smoke", Severity.CRITICAL));
    Alert warning = AlertMessages.forEvent(event("motion", Severity.WARNING));

    assertEquals("high", critical.urgency().getHeaderValue());
    assertEquals(Duration.ofHours(12), critical.ttl());
    assertEquals("normal", warning.urgency().getHeaderValue());
    assertTrue(warning.ttl().compareTo(critical.ttl()) < 0);
  }

  @Test
  void aHugeEventPayloadIsLeftOutOfTheAlert() throws Exception {
    String big = "{\"note\":\"" + "x".repeat(5000) + "\"}";
    Alert alert = AlertMessages.forEvent(new Event(9, Instant.EPOCH, "person_detected",
        Severity.WARNING, "cam", big));

    assertTrue(alert.payload().length() <= AlertMessages.MAX_PAYLOAD_CHARS, alert.toString());
    assertEquals("Warning: Person detected", JSON.readTree(alert.payload()).get("title").asText());
  }
}
