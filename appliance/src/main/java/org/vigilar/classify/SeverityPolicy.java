package org.vigilar.classify;

import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.vigilar.alarm.ArmMode;
import org.vigilar.events.Severity;

/**
 * The one place that decides an event's severity.
 *
 * <p>Life-safety types are critical whenever active. Intrusion types depend on the arm mode:
 * worth a look when armed, routine when disarmed. A return to normal is always informational.
 */
public final class SeverityPolicy {

  private static final Set<String> LIFE_SAFETY = Set.of("smoke", "water_leak", "panic");
  private static final Set<String> INTRUSION =
      Set.of("motion", "contact_open", "glass_break", "vibration");

  private final Supplier<ArmMode> armMode;

  public SeverityPolicy(Supplier<ArmMode> armMode) {
    this.armMode = Objects.requireNonNull(armMode, "armMode");
  }

  /**
   * @param active false when the event reports a return to normal
   */
  public Severity severity(String type, boolean active) {
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
    if (INTRUSION.contains(type) || type.endsWith("_detected")) {
      return armed ? Severity.WARNING : Severity.INFO;
    }
    if (type.equals("battery_low") || type.equals("sensor_offline")) {
      return Severity.WARNING;
    }
    return Severity.INFO;
  }
}
