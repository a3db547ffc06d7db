package org.vigilar.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigilar.config.AlarmSettings;

class AlarmKeypadTest {

  private final MutableClock clock = new MutableClock(PanelHarness.START);

  @Test
  void plainCommandsOfMqttAlarmPanelsAreRead() {
    assertEquals(ArmMode.DISARMED, parse("DISARM").mode());
    assertEquals(ArmMode.ARMED_HOME, parse("ARM_HOME").mode());
    assertEquals(ArmMode.ARMED_AWAY, parse(" arm_away\n").mode());
    assertEquals(ArmMode.ARMED_NIGHT, parse("ARM_NIGHT").mode());
    assertEquals(ArmMode.ARMED_AWAY, parse("armed_away").mode());
    assertNull(parse("DISARM").code());
  }

  @Test
  void jsonCommandsCarryCodeAndBypass() {
    KeypadCommand command =
        parse("{\"action\":\"ARM_AWAY\",\"code\":\"1234\",\"bypass\":[\"back-window\"]}");
    assertEquals(ArmMode.ARMED_AWAY, command.mode());
    assertEquals("1234", command.code());
    assertEquals(Set.of("back-window"), command.bypass());
    assertEquals(ArmMode.DISARMED, parse("{\"mode\":\"disarmed\"}").mode());
    assertFalse(command.toString().contains("1234"));
  }

  @Test
  void unknownOrMalformedCommandsAreRejected() {
    for (String text : new String[] {"", "ARM_VACATION", "{", "{\"code\":\"1\"}", "[1]",
        "{\"action\":5}"}) {
      assertThrows(IllegalArgumentException.class, () -> parse(text), text);
    }
    byte[] huge = new byte[KeypadCommand.MAX_PAYLOAD + 1];
    assertThrows(IllegalArgumentException.class, () -> KeypadCommand.parse(huge));
  }

  @Test
  void onlyConfiguredKeypadsAndTheApplianceItselfMayCommand() {
    KeypadAccess access = new KeypadAccess(
        AlarmSettings.defaults().withKeypads(Set.of("hall-keypad")), "vigilar-internal-x", clock);
    assertTrue(access.authorised("hall-keypad"));
    assertTrue(access.authorised("vigilar-internal-x"));
    assertFalse(access.authorised("porch-light"));
    assertFalse(access.authorised(null));
  }

  @Test
  void devicesWhoseRightsAllowAlarmCommandsAreKeypadsToo() {
    KeypadAccess access = new KeypadAccess(
        AlarmSettings.defaults().withKeypads(Set.of("hall-keypad")), null,
        id -> id.equals("granted-keypad"), clock);
    assertTrue(access.authorised("granted-keypad"));
    assertTrue(access.authorised("hall-keypad"));
    assertFalse(access.authorised("porch-light"));
    assertFalse(access.authorised(null));
  }

  @Test
  void withoutACodeNoCodeIsAsked() {
    KeypadAccess access = new KeypadAccess(AlarmSettings.defaults(), null, clock);
    assertNull(access.checkCode("hall-keypad", ArmMode.DISARMED, null));
  }

  @Test
  void disarmingNeedsTheCode() {
    KeypadAccess access = new KeypadAccess(
        AlarmSettings.defaults().withCode("1234", false), null, clock);
    assertEquals("code missing", access.checkCode("k", ArmMode.DISARMED, null));
    assertEquals("wrong code", access.checkCode("k", ArmMode.DISARMED, "9999"));
    assertNull(access.checkCode("k", ArmMode.DISARMED, "1234"));
    assertNull(access.checkCode("k", ArmMode.ARMED_AWAY, null), "arming needs no code");
  }

  @Test
  void armingNeedsTheCodeWhenSoConfigured() {
    KeypadAccess access = new KeypadAccess(
        AlarmSettings.defaults().withCode("1234", true), null, clock);
    assertEquals("code missing", access.checkCode("k", ArmMode.ARMED_AWAY, null));
    assertNull(access.checkCode("k", ArmMode.ARMED_AWAY, "1234"));
  }

  @Test
  void fiveWrongCodesLockTheKeypadForAMinute() {
    KeypadAccess access = new KeypadAccess(
        AlarmSettings.defaults().withCode("1234", true), null, clock);
    for (int i = 0; i < KeypadAccess.MAX_FAILURES; i++) {
      assertEquals("wrong code", access.checkCode("k", ArmMode.DISARMED, "0000"));
    }
    assertTrue(access.checkCode("k", ArmMode.DISARMED, "1234").startsWith("locked"));
    assertNull(access.checkCode("other", ArmMode.DISARMED, "1234"), "other keypads still work");

    clock.advance(KeypadAccess.LOCKOUT.plus(Duration.ofSeconds(1)));
    assertNull(access.checkCode("k", ArmMode.DISARMED, "1234"));
  }

  private static KeypadCommand parse(String text) {
    return KeypadCommand.parse(text.getBytes(StandardCharsets.UTF_8));
  }
}
