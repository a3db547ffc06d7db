package org.vigilar.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigilar.config.SensorSettings;

/** Minimum active time and pulse counts decide what triggers, never what is recorded. */
class AlarmFalseAlarmTest {

  private static final Map<String, SensorSettings> HOUSE = Map.of(
      "hall-motion", new SensorSettings("Hall motion", "motion", "hall", "interior", null, 2,
          Duration.ofSeconds(30), null),
      "garage-door", new SensorSettings("Garage door", "contact", "garage", "perimeter",
          Duration.ofSeconds(5), null, null, null),
      "shed-vibration", new SensorSettings("Shed", "vibration", "garden", "perimeter"),
      "kitchen-smoke", new SensorSettings("Smoke", "smoke", "kitchen", null,
          Duration.ofSeconds(30), 3, null, null));

  @Test
  void oneMotionPulseIsNotEnoughWhenTwoAreNeeded() {
    PanelHarness h = armedAway();
    h.motion("hall-motion");
    assertEquals(PanelState.ARMED_AWAY, h.state());

    h.advanceSeconds(20);
    h.motion("hall-motion");
    assertEquals(PanelState.TRIGGERED, h.state());
  }

  @Test
  void pulsesFurtherApartThanTheWindowDoNotAddUp() {
    PanelHarness h = armedAway();
    h.motion("hall-motion");
    h.advanceSeconds(31);
    h.motion("hall-motion");
    h.advanceSeconds(31);
    h.motion("hall-motion");
    assertEquals(PanelState.ARMED_AWAY, h.state());
  }

  @Test
  void vibrationNeedsTwoPulsesByDefault() {
    PanelHarness h = armedAway();
    h.sensor("vibration", "shed-vibration", "on");
    assertEquals(PanelState.ARMED_AWAY, h.state());
    h.advanceSeconds(10);
    h.sensor("vibration", "shed-vibration", "on");
    assertEquals(PanelState.TRIGGERED, h.state());
  }

  @Test
  void briefOpeningShorterThanTheMinimumActiveTimeDoesNotTrigger() {
    PanelHarness h = armedAway();
    h.open("garage-door");
    assertEquals(Optional.of(h.clock.instant().plusSeconds(5)), h.panel.nextDeadline());
    h.advanceSeconds(2);
    h.close("garage-door");

    h.advanceSeconds(10);

    assertEquals(PanelState.ARMED_AWAY, h.state());
    assertEquals(Optional.empty(), h.panel.nextDeadline());
  }

  @Test
  void openingThatLastsTheMinimumActiveTimeTriggers() {
    PanelHarness h = armedAway();
    h.open("garage-door");
    h.advanceSeconds(4);
    assertEquals(PanelState.ARMED_AWAY, h.state());

    h.advanceSeconds(1);

    assertEquals(PanelState.TRIGGERED, h.state());
    assertEquals("garage-door", h.last("alarm_triggered").sourceId());
  }

  @Test
  void heldActivationIsDroppedWhenDisarmed() {
    PanelHarness h = armedAway();
    h.open("garage-door");
    h.request(ArmMode.DISARMED);
    h.advanceSeconds(10);
    assertEquals(PanelState.DISARMED, h.state());
  }

  @Test
  void controlsNeverDelayLifeSafety() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(0, 20), HOUSE, null, Set.of());
    h.sensor("smoke", "kitchen-smoke", "on");
    assertEquals(PanelState.TRIGGERED, h.state());
  }

  @Test
  void filteredActivationsLeaveNoTraceButTheirOwnEvents() {
    PanelHarness h = armedAway();
    h.motion("hall-motion");
    h.open("garage-door");
    h.close("garage-door");
    h.advanceSeconds(10);
    assertTrue(h.events.isEmpty(), "the panel adds nothing; device events stay as recorded");
  }

  private static PanelHarness armedAway() {
    PanelHarness h = new PanelHarness(PanelHarness.delays(0, 20), HOUSE, null, Set.of());
    h.request(ArmMode.ARMED_AWAY);
    h.events.clear();
    return h;
  }
}
