package org.vigilar.alarm;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The panel's whole state; persisted at every change, so a restart resumes it.
 *
 * @param mode the mode that was asked for
 * @param state what the panel is in now
 * @param until when the exit or entry delay ends (a wall-clock instant), or null
 * @param bypass sensors ignored until the panel is disarmed
 * @param cause the sensor that started the entry delay or the alarm, or null
 */
public record PanelStatus(
    ArmMode mode, PanelState state, Instant until, Set<String> bypass, String cause,
    Instant changedAt, Actor changedBy) {

  public PanelStatus {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(changedAt, "changedAt");
    Objects.requireNonNull(changedBy, "changedBy");
    bypass = Set.copyOf(bypass);
    if ((state == PanelState.ARMING || state == PanelState.PENDING) && until == null) {
      throw new IllegalArgumentException("state " + state.wireName() + " needs a deadline");
    }
  }

  /** A panel nobody has armed yet. */
  public static PanelStatus initial(Instant now) {
    return new PanelStatus(ArmMode.DISARMED, PanelState.DISARMED, null, Set.of(), null, now,
        Actor.SYSTEM);
  }

  /**
   * The mode in force: disarmed while the exit delay runs, or while an always-active sensor
   * holds a disarmed panel in {@code triggered}.
   */
  public ArmMode effectiveMode() {
    return state == PanelState.ARMING ? ArmMode.DISARMED : mode;
  }
}
