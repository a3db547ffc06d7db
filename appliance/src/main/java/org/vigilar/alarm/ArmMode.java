package org.vigilar.alarm;

import java.util.Locale;

/** The mode a household asked the panel to be in. */
public enum ArmMode {
  DISARMED, ARMED_HOME, ARMED_NIGHT, ARMED_AWAY;

  public boolean isArmed() {
    return this != DISARMED;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
