package org.vigilar.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.config.AlarmSettings;
import org.vigilar.config.SensorSettings;
import org.vigilar.config.Settings;
import org.vigilar.config.SettingsException;
import org.vigilar.config.SettingsLoader;
import org.vigilar.sensors.SensorRole;

class AlarmSettingsTest {

  @TempDir
  Path dir;

  @Test
  void defaultsMatchTheDesign() {
    Settings settings = load("", Map.of());
    AlarmSettings alarm = settings.alarm();
    assertEquals(Duration.ofSeconds(30), alarm.exitDelay(ArmMode.ARMED_AWAY));
    assertEquals(Duration.ZERO, alarm.exitDelay(ArmMode.ARMED_HOME));
    assertEquals(Duration.ofSeconds(30), alarm.exitDelay(ArmMode.ARMED_NIGHT));
    assertEquals(Duration.ofSeconds(30), alarm.entryDelay());
    assertFalse(alarm.armedRoles(ArmMode.ARMED_HOME).contains(SensorRole.INTERIOR));
    assertTrue(alarm.armedRoles(ArmMode.ARMED_AWAY).contains(SensorRole.INTERIOR));
    assertEquals(Set.of(SensorRole.ALWAYS), alarm.armedRoles(ArmMode.DISARMED));
    assertFalse(alarm.hasCode());
    assertEquals(Duration.ofSeconds(60), settings.supervision().grace());
  }

  @Test
  void fileSetsAlarmSupervisionAndSensorKeys() {
    Settings settings = load("""
        alarm:
          exit_delay: 45s
          home_exit_delay: 5s
          night_roles: [perimeter]
          code: "4711"
          code_arm_required: false
          keypads: [hall-keypad, bedroom-keypad]
        supervision:
          grace: 10s
          contact_budget: 2h
        sensors:
          front-door: { name: Front door, kind: contact, zone: hall, role: Entry,
                        min_active: 2s }
          hall-motion: { kind: motion, pulses: 2, pulse_window: 20s, heartbeat: 90m }
        """, Map.of());
    AlarmSettings alarm = settings.alarm();
    assertEquals(Duration.ofSeconds(45), alarm.exitDelay(ArmMode.ARMED_NIGHT));
    assertEquals(Duration.ofSeconds(5), alarm.exitDelay(ArmMode.ARMED_HOME));
    assertEquals(Set.of(SensorRole.PERIMETER, SensorRole.ALWAYS),
        alarm.armedRoles(ArmMode.ARMED_NIGHT));
    assertTrue(alarm.codeMatches("4711"));
    assertFalse(alarm.codeArmRequired());
    assertEquals(Set.of("hall-keypad", "bedroom-keypad"), alarm.keypads());
    assertFalse(alarm.toString().contains("4711"));
    assertEquals(Duration.ofSeconds(10), settings.supervision().grace());
    assertEquals(Duration.ofHours(2), settings.supervision().kindBudgets().get("contact"));
    SensorSettings door = settings.sensors().get("front-door");
    assertEquals("entry", door.role());
    assertEquals(Duration.ofSeconds(2), door.minActive());
    SensorSettings motion = settings.sensors().get("hall-motion");
    assertEquals(2, motion.pulses());
    assertEquals(Duration.ofSeconds(20), motion.pulseWindow());
    assertEquals(Duration.ofMinutes(90), motion.heartbeat());
  }

  @Test
  void environmentOverridesListsAndBudgets() {
    Settings settings = load("", Map.of("VIGILAR_ALARM_KEYPADS", "a, b",
        "VIGILAR_SUPERVISION_CAMERA_BUDGET", "10m"));
    assertEquals(Set.of("a", "b"), settings.alarm().keypads());
    assertEquals(Duration.ofMinutes(10), settings.supervision().kindBudgets().get("camera"));
  }

  @Test
  void wrongValuesNameTheirKey() {
    assertMessage("sensors.front-door.role", "sensors:\n  front-door: { role: garage }\n");
    assertMessage("sensors.x.pulses", "sensors:\n  x: { pulses: 0 }\n");
    assertMessage("sensors.x.min_active", "sensors:\n  x: { min_active: soon }\n");
    assertMessage("alarm.home_roles", "alarm: { home_roles: [entry, kitchen] }\n");
    assertMessage("alarm.away_roles", "alarm: { away_roles: [monitor] }\n");
    assertMessage("alarm.code", "alarm: { code: \"12\" }\n");
    assertMessage("supervision.max_budget",
        "supervision: { min_budget: 2h, max_budget: 1h }\n");
    assertMessage("supervision.door_budget", "supervision: { door_budget: 1h }\n");
  }

  private void assertMessage(String key, String yaml) {
    SettingsException e = assertThrows(SettingsException.class, () -> load(yaml, Map.of()));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  private Settings load(String yaml, Map<String, String> env) {
    try {
      Path file = dir.resolve("vigilar.yml");
      Files.writeString(file, yaml);
      return new SettingsLoader(env).load(file, Map.of());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
