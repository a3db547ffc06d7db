package org.vigilar.alarm;

import java.util.List;

/** What became of an {@link ArmRequest}. */
public sealed interface ArmResult {

  /** {@code accepted}, {@code blocked} or {@code refused}, as counted in the metrics. */
  String outcome();

  /** The panel is in the requested mode now (or its exit delay runs). */
  record Accepted(PanelStatus status) implements ArmResult {

    @Override
    public String outcome() {
      return "accepted";
    }
  }

  /**
   * Arming was refused because these sensors are open; they may be bypassed.
   *
   * @param openSensors source ids, sorted
   */
  record Blocked(List<String> openSensors) implements ArmResult {

    public Blocked {
      openSensors = List.copyOf(openSensors);
    }

    @Override
    public String outcome() {
      return "blocked";
    }
  }

  /** The request does not fit the panel's state, such as arming while the alarm sounds. */
  record Refused(String reason) implements ArmResult {

    @Override
    public String outcome() {
      return "refused";
    }
  }
}
