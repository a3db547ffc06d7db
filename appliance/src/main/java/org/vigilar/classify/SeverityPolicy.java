package org.vigilar.classify;

import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.vigilar.alarm.ArmMode;
import org.vigilar.events.Severity;

/**
 * The one place that decides an event's severity.
 *
 * <p>Life-safety types are critical whenever active. Intrusion types depend on the arm mode:
 * worth a look when the system is armed and the sensor counts in that mode, routine
 * otherwise. A sensor going offline is a warning, critical when the system is armed and the
 * sensor counts. A return to normal is always informational.
 */
public final class SeverityPolicy {

  private static final Set<String> LIFE_SAFETY = Set.of("smoke", "water_leak", "panic");
  private static final Set<String> INTRUSION =
      Set.of("motion", "contact_open", "glass_break", "vibration");
  private static final Set<String> ALERTING_ALARM_STATES = Set.of("pending", "triggered");

  private final Supplier<ArmMode> armMode;
  private final Predicate<String> sensorArmed;

  /** A policy for which every sensor counts whenever the system is armed. */
  public SeverityPolicy(Supplier<ArmMode> armMode) {
    this(armMode, sourceId -> true);
  }

  /**
   * @param armMode the mode in force now (disarmed while the exit delay runs)
   * @param sensorArmed whether a sensor counts in that mode (its role is armed, not bypassed)
   */
  public SeverityPolicy(Supplier<ArmMode> armMode, Predicate<String> sensorArmed) {
    this.armMode = Objects.requireNonNull(armMode, "armMode");
    this.sensorArmed = Objects.requireNonNull(sensorArmed, "sensorArmed");
  }

  /**
   * The severity of an event whose sensor is not known.
   *
   * @param active false when the event reports a return to normal
   */
  public Severity severity(String type, boolean active) {
    return severity(type, active, null);
  }

  /**
   * @param active false when the event reports a return to normal
   * @param sourceId the sensor the event is about, or null
   */
  public Severity severity(String type, boolean active, String sourceId) {
    if (!active) {
      return Severity.INFO;
    }
    boolean armed = armMode.get().isArmed();
    if (LIFE_SAFETY.contains(type) || type.equals("alarm_triggered")) {
      return Severity.CRITICAL;
    }
    if (type.equals("tamper")) {
      return armed ? Severity.CRITICAL : Severity.WARNING;
    }
    boolean counts = armed && (sourceId == null || sensorArmed.test(sourceId));
    if (INTRUSION.contains(type) || type.endsWith("_detected")) {
      return counts ? Severity.WARNING : Severity.INFO;
    }
    if (type.equals("sensor_offline")) {
      return counts ? Severity.CRITICAL : Severity.WARNING;
    }
    if (type.equals("battery_low")) {
      return Severity.WARNING;
    }
    return Severity.INFO;
  }

  /** The severity of an {@code alarm_state} event that enters {@code state} (a wire name). */
  public Severity alarmState(String state) {
    return ALERTING_ALARM_STATES.contains(state) ? Severity.WARNING : Severity.INFO;
  }
}
