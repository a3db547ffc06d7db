package org.vigilar.alarm;

import java.util.Locale;
import java.util.Optional;

/** The mode a household asked the panel to be in. */
public enum ArmMode {
  DISARMED, ARMED_HOME, ARMED_NIGHT, ARMED_AWAY;

  public boolean isArmed() {
    return this != DISARMED;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads {@code disarmed}, {@code armed_home}, {@code armed_night} or {@code armed_away}. */
  public static Optional<ArmMode> fromWire(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String value = text.strip().toLowerCase(Locale.ROOT);
    for (ArmMode mode : values()) {
      if (mode.wireName().equals(value)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
