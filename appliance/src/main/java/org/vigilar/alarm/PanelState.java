package org.vigilar.alarm;

import java.util.Locale;
import java.util.Optional;

/** What the panel is doing now: a settled mode or one of the transient states. */
public enum PanelState {
  DISARMED, ARMING, ARMED_HOME, ARMED_NIGHT, ARMED_AWAY, PENDING, TRIGGERED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The settled state of {@code mode}. */
  public static PanelState settled(ArmMode mode) {
    return switch (mode) {
      case DISARMED -> DISARMED;
      case ARMED_HOME -> ARMED_HOME;
      case ARMED_NIGHT -> ARMED_NIGHT;
      case ARMED_AWAY -> ARMED_AWAY;
    };
  }

  /** True in the settled armed states, where sensors trigger the alarm. */
  public boolean isSettledArmed() {
    return this == ARMED_HOME || this == ARMED_NIGHT || this == ARMED_AWAY;
  }

  public static Optional<PanelState> fromWire(String text) {
    for (PanelState state : values()) {
      if (state.wireName().equals(text)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
