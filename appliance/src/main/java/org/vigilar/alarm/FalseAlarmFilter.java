package org.vigilar.alarm;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.vigilar.sensors.SensorProfile;

/**
 * Decides which intrusion activations count: a sensor must stay active for its minimum
 * active time, and give its pulse count within its window. It never touches what is recorded.
 *
 * <p>Not thread-safe; owned by the panel.
 */
final class FalseAlarmFilter {

  private record Hold(Activation activation, SensorProfile profile, Instant due) {
  }

  private final Map<String, Hold> holds = new HashMap<>();
  private final Map<String, Deque<Instant>> pulses = new HashMap<>();

  /**
   * @return true when {@code activation} counts now; false when it does not, or when it must
   *     first stay active (then {@link #confirm} may return it later)
   */
  boolean admit(Activation activation, SensorProfile profile) {
    if (!profile.minActive().isZero() && activation.channel() != null) {
      holds.put(activation.sourceId(),
          new Hold(activation, profile, activation.at().plus(profile.minActive())));
      return false;
    }
    return pulse(activation.sourceId(), profile, activation.at());
  }

  /** Activations whose minimum active time ran out by {@code now}, still active, counted. */
  List<Activation> confirm(Instant now, ActiveStates states) {
    List<Activation> confirmed = new ArrayList<>();
    for (Iterator<Hold> it = holds.values().iterator(); it.hasNext(); ) {
      Hold hold = it.next();
      if (hold.due().isAfter(now)) {
        continue;
      }
      it.remove();
      Activation a = hold.activation();
      if (states.active(a.sourceId(), a.channel()) && pulse(a.sourceId(), hold.profile(), now)) {
        confirmed.add(a);
      }
    }
    return confirmed;
  }

  /** The earliest due time of a hold, or null when nothing is held. */
  Instant nextDue() {
    Instant earliest = null;
    for (Hold hold : holds.values()) {
      if (earliest == null || hold.due().isBefore(earliest)) {
        earliest = hold.due();
      }
    }
    return earliest;
  }

  /** Forgets every hold and pulse: a new arming starts counting afresh. */
  void reset() {
    holds.clear();
    pulses.clear();
  }

  private boolean pulse(String sourceId, SensorProfile profile, Instant at) {
    if (profile.pulses() <= 1) {
      return true;
    }
    Deque<Instant> times = pulses.computeIfAbsent(sourceId, id -> new ArrayDeque<>());
    Instant windowStart = at.minus(profile.pulseWindow());
    while (!times.isEmpty() && times.peekFirst().isBefore(windowStart)) {
      times.removeFirst();
    }
    times.addLast(at);
    if (times.size() < profile.pulses()) {
      return false;
    }
    times.clear();
    return true;
  }
}
