package org.vigilar.alarm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.config.AlarmSettings;

/**
 * Who may command the panel over MQTT, and whether the code fits.
 *
 * <p>Rights follow the MQTT user name (the device id), never the client id. A keypad is a
 * device named in {@code alarm.keypads} or one whose device rights include publishing on
 * {@code vigilar/alarm/set}; the appliance's own clients may always command it. A keypad that
 * sends a wrong code five times in a row is not heard for a minute, so a code cannot be guessed
 * quickly.
 *
 * <p>Not thread-safe; used on the event processor's thread.
 */
final class KeypadAccess {

  static final int MAX_FAILURES = 5;
  static final Duration LOCKOUT = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(KeypadAccess.class);

  private record Failures(int count, Instant lockedUntil) {
  }

  private final AlarmSettings settings;
  private final String internalUser;
  private final Predicate<String> keypadDevice;
  private final Clock clock;
  private final Map<String, Failures> failures = new HashMap<>();

  /**
   * @param internalUser the user name of the appliance's own MQTT clients, or null
   * @param keypadDevice whether a device's rights make it a keypad
   */
  KeypadAccess(AlarmSettings settings, String internalUser, Predicate<String> keypadDevice,
      Clock clock) {
    this.settings = settings;
    this.internalUser = internalUser;
    this.keypadDevice = keypadDevice;
    this.clock = clock;
  }

  /** Only the keypads of {@code alarm.keypads} and the appliance itself. */
  KeypadAccess(AlarmSettings settings, String internalUser, Clock clock) {
    this(settings, internalUser, id -> false, clock);
  }

  boolean authorised(String username) {
    return username != null
        && (settings.keypads().contains(username) || Objects.equals(username, internalUser)
            || keypadDevice.test(username));
  }

  /**
   * Checks the code a keypad sent for {@code mode}.
   *
   * @return null when the command may go ahead, or why not
   */
  String checkCode(String deviceId, ArmMode mode, String code) {
    if (!settings.hasCode() || (mode.isArmed() && !settings.codeArmRequired())) {
      return null;
    }
    Instant now = clock.instant();
    Failures past = failures.get(deviceId);
    if (past != null && past.lockedUntil() != null && now.isBefore(past.lockedUntil())) {
      return "locked after " + MAX_FAILURES + " wrong codes";
    }
    if (settings.codeMatches(code)) {
      failures.remove(deviceId);
      return null;
    }
    int count = past == null || past.lockedUntil() != null ? 1 : past.count() + 1;
    if (count >= MAX_FAILURES) {
      failures.put(deviceId, new Failures(count, now.plus(LOCKOUT)));
      log.warn("Keypad {} sent {} wrong codes; ignored for {} s", deviceId, count,
          LOCKOUT.toSeconds());
    } else {
      failures.put(deviceId, new Failures(count, null));
    }
    return code == null ? "code missing" : "wrong code";
  }
}
