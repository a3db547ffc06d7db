package org.vigilar.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigilar.config.AlarmSettings;
import org.vigilar.config.SensorSettings;
import org.vigilar.events.EventDraft;
import org.vigilar.events.Severity;
import org.vigilar.sensors.SensorRole;

class AlarmPanelTest {

  @Test
  void armAwayRunsTheExitDelayThenSettles() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));

    ArmResult result = h.request(ArmMode.ARMED_AWAY);

    assertInstanceOf(ArmResult.Accepted.class, result);
    assertEquals(PanelState.ARMING, h.state());
    assertEquals(ArmMode.ARMED_AWAY, h.panel.status().mode());
    assertEquals(PanelHarness.START.plusSeconds(30), h.panel.status().until());
    assertEquals(Optional.of(PanelHarness.START.plusSeconds(30)), h.panel.nextDeadline());

    h.advanceSeconds(29);
    assertEquals(PanelState.ARMING, h.state());
    h.advanceSeconds(1);
    assertEquals(PanelState.ARMED_AWAY, h.state());
    assertNull(h.panel.status().until());
    assertEquals(Optional.empty(), h.panel.nextDeadline());
    assertEquals(List.of("alarm_state", "alarm_state"), h.types());
    JsonNode settled = PanelHarness.payload(h.last("alarm_state"));
    assertEquals("armed_away", settled.get("state").asText());
    assertEquals("arming", settled.get("previous").asText());
    assertEquals("timer", settled.get("by").asText());
  }

  @Test
  void everyChangeRecordsWhoMadeIt() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(0, 20));

    h.keypad(ArmMode.ARMED_AWAY, "hall-keypad");
    h.open("front-door");
    h.request(ArmMode.DISARMED);

    List<EventDraft> changes = h.ofType("alarm_state");
    assertEquals(3, changes.size());
    assertActor(changes.get(0), "armed_away", "keypad", "hall-keypad");
    assertActor(changes.get(1), "pending", "sensor", "front-door");
    assertActor(changes.get(2), "disarmed", "api", "admin");
    assertEquals("alarm", changes.get(0).sourceId());
    assertEquals(Severity.INFO, changes.get(0).severity());
    assertEquals(Severity.WARNING, changes.get(1).severity());
  }

  @Test
  void armHomeHasNoExitDelayUnlessSet() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));
    h.request(ArmMode.ARMED_HOME);
    assertEquals(PanelState.ARMED_HOME, h.state());

    PanelHarness delayed = new PanelHarness(
        PanelHarness.delays(30, 20).withHomeExitDelay(Duration.ofSeconds(10)));
    delayed.request(ArmMode.ARMED_HOME);
    assertEquals(PanelState.ARMING, delayed.state());
    delayed.advanceSeconds(10);
    assertEquals(PanelState.ARMED_HOME, delayed.state());
  }

  @Test
  void armNightUsesTheExitDelay() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));
    h.request(ArmMode.ARMED_NIGHT);
    assertEquals(PanelState.ARMING, h.state());
    h.advanceSeconds(30);
    assertEquals(PanelState.ARMED_NIGHT, h.state());
  }

  @Test
  void disarmingDuringTheExitDelayCancelsIt() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));
    h.request(ArmMode.ARMED_AWAY);
    h.advanceSeconds(10);

    h.request(ArmMode.DISARMED);
    h.advanceSeconds(60);

    assertEquals(PanelState.DISARMED, h.state());
    assertEquals(ArmMode.DISARMED, h.panel.status().mode());
    assertEquals(Optional.empty(), h.panel.nextDeadline());
    assertEquals(List.of("arming", "disarmed"), states(h));
  }

  @Test
  void sensorsDuringTheExitDelayDoNotTrigger() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));
    h.request(ArmMode.ARMED_AWAY);

    h.motion("hall-motion");
    h.open("front-door");
    h.close("front-door");
    h.open("back-window");
    h.close("back-window");
    h.advanceSeconds(30);

    assertEquals(PanelState.ARMED_AWAY, h.state());
    assertTrue(h.ofType("alarm_triggered").isEmpty());
  }

  @Test
  void entryDoorStartsTheEntryDelayAndTheAlarmFollowsWhenItRunsOut() {
    PanelHarness h = armedAway(20);

    h.open("front-door");
    assertEquals(PanelState.PENDING, h.state());
    assertEquals(h.clock.instant().plusSeconds(20), h.panel.status().until());
    assertEquals("front-door", h.panel.status().cause());

    h.advanceSeconds(19);
    assertEquals(PanelState.PENDING, h.state());
    h.advanceSeconds(1);

    assertEquals(PanelState.TRIGGERED, h.state());
    EventDraft alarm = h.last("alarm_triggered");
    assertEquals(Severity.CRITICAL, alarm.severity());
    assertEquals("front-door", alarm.sourceId());
    assertEquals("Front door", PanelHarness.payload(alarm).get("name").asText());
    assertActor(h.last("alarm_state"), "triggered", "timer", "timer");
  }

  @Test
  void disarmingInTimeStopsTheEntryDelay() {
    PanelHarness h = armedAway(20);
    h.open("front-door");
    h.advanceSeconds(10);

    h.request(ArmMode.DISARMED);
    h.advanceSeconds(60);

    assertEquals(PanelState.DISARMED, h.state());
    assertTrue(h.ofType("alarm_triggered").isEmpty());
  }

  @Test
  void perimeterSensorTriggersAtOnce() {
    PanelHarness h = armedAway(20);
    h.open("back-window");
    assertEquals(PanelState.TRIGGERED, h.state());
    assertEquals("back-window", h.last("alarm_triggered").sourceId());
    assertActor(h.last("alarm_state"), "triggered", "sensor", "back-window");
  }

  @Test
  void interiorSensorIsIgnoredInArmedHomeAndTriggersInArmedAway() {
    PanelHarness home = new PanelHarness(PanelHarness.delays(30, 20));
    home.request(ArmMode.ARMED_HOME);
    home.motion("hall-motion");
    assertEquals(PanelState.ARMED_HOME, home.state());

    PanelHarness away = armedAway(20);
    away.motion("hall-motion");
    assertEquals(PanelState.TRIGGERED, away.state());
  }

  @Test
  void armedRolesAreConfigurablePerMode() {
    AlarmSettings settings = PanelHarness.delays(0, 20).withRoles(
        AlarmSettings.DEFAULT_AWAY_ROLES, AlarmSettings.DEFAULT_HOME_ROLES,
        Set.of(SensorRole.PERIMETER));
    PanelHarness h = new PanelHarness(settings);
    h.request(ArmMode.ARMED_NIGHT);

    h.motion("hall-motion");
    h.open("front-door");
    assertEquals(PanelState.ARMED_NIGHT, h.state());
    h.open("back-window");
    assertEquals(PanelState.TRIGGERED, h.state());
  }

  @Test
  void duringTheEntryDelayInteriorFollowsButPerimeterTriggers() {
    PanelHarness h = armedAway(20);
    h.open("front-door");
    h.motion("hall-motion");
    assertEquals(PanelState.PENDING, h.state());

    h.open("back-window");
    assertEquals(PanelState.TRIGGERED, h.state());
    assertEquals("back-window", h.last("alarm_triggered").sourceId());
  }

  @Test
  void withoutEntryDelayTheEntryDoorTriggersAtOnce() {
    PanelHarness h = armedAway(0);
    h.open("front-door");
    assertEquals(PanelState.TRIGGERED, h.state());
  }

  @Test
  void openPerimeterAndEntrySensorsBlockArming() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));
    h.open("front-door");
    h.open("back-window");
    int before = h.events.size();

    ArmResult result = h.request(ArmMode.ARMED_AWAY);

    ArmResult.Blocked blocked = assertInstanceOf(ArmResult.Blocked.class, result);
    assertEquals(List.of("back-window", "front-door"), blocked.openSensors());
    assertEquals(PanelState.DISARMED, h.state());
    assertEquals(before, h.events.size());
  }

  @Test
  void closingTheSensorsLetsArmingGoAhead() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));
    h.open("front-door");
    assertInstanceOf(ArmResult.Blocked.class, h.request(ArmMode.ARMED_AWAY));

    h.close("front-door");

    assertInstanceOf(ArmResult.Accepted.class, h.request(ArmMode.ARMED_AWAY));
    assertEquals(PanelState.ARMING, h.state());
  }

  @Test
  void openContactsKnownAtStartBlockArming() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20), PanelHarness.HOUSE, null,
        Set.of("back-window"));
    ArmResult.Blocked blocked =
        assertInstanceOf(ArmResult.Blocked.class, h.request(ArmMode.ARMED_HOME));
    assertEquals(List.of("back-window"), blocked.openSensors());
  }

  @Test
  void bypassedSensorDoesNotBlockAndIsIgnoredUntilDisarmed() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(0, 20));
    h.open("back-window");

    ArmResult result = h.request(ArmMode.ARMED_AWAY, "back-window");

    assertInstanceOf(ArmResult.Accepted.class, result);
    assertEquals(Set.of("back-window"), h.panel.status().bypass());
    h.close("back-window");
    h.open("back-window");
    assertEquals(PanelState.ARMED_AWAY, h.state());
    assertFalse(h.view.isArmed("back-window"));
    assertTrue(h.view.isArmed("front-door"));

    h.request(ArmMode.DISARMED);
    h.close("back-window");
    h.request(ArmMode.ARMED_AWAY);
    assertEquals(Set.of(), h.panel.status().bypass());
    h.open("back-window");
    assertEquals(PanelState.TRIGGERED, h.state());
  }

  @Test
  void bypassRecordsTheSensorsInTheEvent() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(0, 20));
    h.open("back-window");
    h.request(ArmMode.ARMED_AWAY, "back-window");
    assertEquals("back-window",
        PanelHarness.payload(h.last("alarm_state")).get("bypass").get(0).asText());
  }

  @Test
  void interiorSensorOpenDoesNotBlockArmedHome() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(0, 20), Map.of(
        "pantry-door", new SensorSettings(null, "contact", null, "interior")),
        null, Set.of("pantry-door"));
    assertInstanceOf(ArmResult.Accepted.class, h.request(ArmMode.ARMED_HOME));
  }

  @Test
  void doorLeftOpenWhenTheExitDelayEndsStartsTheEntryDelay() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));
    h.request(ArmMode.ARMED_AWAY);
    h.open("front-door");

    h.advanceSeconds(30);

    assertEquals(PanelState.PENDING, h.state());
    assertEquals("front-door", h.panel.status().cause());
    h.advanceSeconds(20);
    assertEquals(PanelState.TRIGGERED, h.state());
  }

  @Test
  void smokeTriggersWhileDisarmed() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));

    h.sensor("smoke", "kitchen-smoke", "on");

    assertEquals(PanelState.TRIGGERED, h.state());
    assertEquals(ArmMode.DISARMED, h.panel.status().mode());
    assertEquals(Severity.CRITICAL, h.last("alarm_triggered").severity());
    assertEquals("kitchen-smoke", h.last("alarm_triggered").sourceId());

    h.request(ArmMode.DISARMED);
    assertEquals(PanelState.DISARMED, h.state());
  }

  @Test
  void lifeSafetyAndTamperTriggerInEveryModeFromAnySensor() {
    for (String type : List.of("water_leak", "panic", "tamper")) {
      PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));
      h.sensor(type, "front-door", "on");
      assertEquals(PanelState.TRIGGERED, h.state(), type);
    }
    PanelHarness arming = new PanelHarness(PanelHarness.delays(30, 20));
    arming.request(ArmMode.ARMED_AWAY);
    arming.sensor("smoke", "kitchen-smoke", "on");
    assertEquals(PanelState.TRIGGERED, arming.state());
  }

  @Test
  void sensorWithTheAlwaysRoleTriggersWhileDisarmed() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20), Map.of(
        "gun-safe", new SensorSettings(null, "contact", null, "always")),
        null, Set.of());
    h.open("gun-safe");
    assertEquals(PanelState.TRIGGERED, h.state());
  }

  @Test
  void returnToNormalIsNoActivation() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));
    h.sensor("smoke", "kitchen-smoke", "off");
    h.sensor("tamper", "front-door", "off");
    h.sensor("sensor_online", "front-door", "online");
    assertEquals(PanelState.DISARMED, h.state());
    assertTrue(h.events.isEmpty());
  }

  @Test
  void sensorComingBackOnlineIsNoActivation() {
    PanelHarness h = armedAway(20);
    h.sensor("sensor_offline", "front-door", "offline");
    h.sensor("sensor_online", "front-door", "online");
    h.sensor("battery_low", "hall-motion", null);
    assertEquals(PanelState.ARMED_AWAY, h.state());
  }

  @Test
  void monitorRoleIsRecordedButNeverTriggers() {
    PanelHarness h = armedAway(20);
    h.sensor("person_detected", "garage-camera", null);
    h.sensor("motion", "garage-camera", "on");
    assertEquals(PanelState.ARMED_AWAY, h.state());
  }

  @Test
  void cameraDetectionTriggersAsInteriorByDefault() {
    PanelHarness h = armedAway(20);
    h.sensor("person_detected", "porch-camera", null);
    assertEquals(PanelState.TRIGGERED, h.state());
    assertEquals("porch-camera", h.last("alarm_triggered").sourceId());
  }

  @Test
  void onlyDisarmingIsAcceptedWhilePendingOrTriggered() {
    PanelHarness h = armedAway(20);
    h.open("front-door");

    ArmResult pending = h.request(ArmMode.ARMED_HOME);
    assertInstanceOf(ArmResult.Refused.class, pending);
    assertEquals(PanelState.PENDING, h.state());

    h.advanceSeconds(20);
    assertInstanceOf(ArmResult.Refused.class, h.request(ArmMode.ARMED_AWAY));
    assertEquals(PanelState.TRIGGERED, h.state());

    assertInstanceOf(ArmResult.Accepted.class, h.request(ArmMode.DISARMED));
    assertEquals(PanelState.DISARMED, h.state());
  }

  @Test
  void triggeredStaysUntilDisarmedAndTriggersOnce() {
    PanelHarness h = armedAway(20);
    h.open("back-window");
    h.motion("hall-motion");
    h.advanceSeconds(3600);
    assertEquals(PanelState.TRIGGERED, h.state());
    assertEquals(1, h.ofType("alarm_triggered").size());
  }

  @Test
  void askingForTheCurrentModeChangesNothing() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));
    h.request(ArmMode.DISARMED);
    assertTrue(h.events.isEmpty());

    h.request(ArmMode.ARMED_AWAY);
    h.advanceSeconds(5);
    h.request(ArmMode.ARMED_AWAY);
    assertEquals(1, h.events.size());
    assertEquals(PanelHarness.START.plusSeconds(30), h.panel.status().until());
  }

  @Test
  void switchingBetweenArmedModesStartsTheNewModesExitDelay() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));
    h.request(ArmMode.ARMED_AWAY);
    h.advanceSeconds(30);
    h.request(ArmMode.ARMED_HOME);
    assertEquals(PanelState.ARMED_HOME, h.state());
    h.request(ArmMode.ARMED_NIGHT);
    assertEquals(PanelState.ARMING, h.state());
  }

  @Test
  void severityFollowsTheModeInForce() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20));
    h.request(ArmMode.ARMED_AWAY);
    assertEquals(ArmMode.DISARMED, h.view.effectiveMode());
    assertFalse(h.view.isArmed("front-door"));

    h.advanceSeconds(30);
    assertEquals(ArmMode.ARMED_AWAY, h.view.effectiveMode());
    assertTrue(h.view.isArmed("front-door"));
    assertTrue(h.view.isArmed("kitchen-smoke"));
    assertFalse(h.view.isArmed("garage-camera"));

    h.request(ArmMode.ARMED_HOME);
    assertFalse(h.view.isArmed("hall-motion"));
  }

  @Test
  void resumedPendingWhoseDeadlinePassedTriggersAtTheFirstTick() {
    Instant until = PanelHarness.START.minusSeconds(5);
    PanelStatus resumed = new PanelStatus(ArmMode.ARMED_AWAY, PanelState.PENDING, until, Set.of(),
        "front-door", until.minusSeconds(20), Actor.sensor("front-door"));
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20), PanelHarness.HOUSE, resumed,
        Set.of("front-door"));
    assertEquals(Optional.of(until), h.panel.nextDeadline());

    h.advance(Duration.ZERO);

    assertEquals(PanelState.TRIGGERED, h.state());
    assertEquals("front-door", h.last("alarm_triggered").sourceId());
  }

  @Test
  void resumedPendingKeepsCountingToItsDeadline() {
    Instant until = PanelHarness.START.plusSeconds(12);
    PanelStatus resumed = new PanelStatus(ArmMode.ARMED_AWAY, PanelState.PENDING, until, Set.of(),
        "front-door", until.minusSeconds(20), Actor.sensor("front-door"));
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20), PanelHarness.HOUSE, resumed,
        Set.of());

    h.advanceSeconds(11);
    assertEquals(PanelState.PENDING, h.state());
    h.advanceSeconds(1);
    assertEquals(PanelState.TRIGGERED, h.state());
  }

  @Test
  void resumedArmedAwayStaysArmed() {
    PanelStatus resumed = new PanelStatus(ArmMode.ARMED_AWAY, PanelState.ARMED_AWAY, null,
        Set.of(), null, PanelHarness.START.minusSeconds(3600), Actor.api("admin"));
    PanelHarness h = new PanelHarness(PanelHarness.delays(30, 20), PanelHarness.HOUSE, resumed,
        Set.of());
    h.advanceSeconds(1);
    assertEquals(PanelState.ARMED_AWAY, h.state());
    assertTrue(h.events.isEmpty());
    h.open("back-window");
    assertEquals(PanelState.TRIGGERED, h.state());
  }

  private static PanelHarness armedAway(int entrySeconds) {
    PanelHarness h = new PanelHarness(PanelHarness.delays(0, entrySeconds));
    h.request(ArmMode.ARMED_AWAY);
    assertEquals(PanelState.ARMED_AWAY, h.state());
    h.events.clear();
    return h;
  }

  private static List<String> states(PanelHarness h) {
    return h.ofType("alarm_state").stream()
        .map(e -> PanelHarness.payload(e).get("state").asText()).toList();
  }

  private static void assertActor(EventDraft event, String state, String by, String actor) {
    JsonNode payload = PanelHarness.payload(event);
    assertEquals(state, payload.get("state").asText());
    assertEquals(by, payload.get("by").asText());
    assertEquals(actor, payload.get("actor").asText());
  }
}
