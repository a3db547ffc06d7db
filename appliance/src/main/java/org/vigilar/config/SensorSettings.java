package org.vigilar.config;

import java.time.Duration;

/**
 * One sensor as declared in the settings file or edited in the app; any field may be null
 * when not given.
 *
 * @param role {@code entry}, {@code perimeter}, {@code interior}, {@code always} or
 *     {@code monitor}
 * @param minActive how long the sensor must stay active before it may trigger the alarm
 * @param pulses how many activations within {@code pulseWindow} it takes to trigger
 * @param heartbeat silence after which the sensor counts as offline
 */
public record SensorSettings(String name, String kind, String zone, String role,
    Duration minActive, Integer pulses, Duration pulseWindow, Duration heartbeat) {

  public SensorSettings(String name, String kind, String zone, String role) {
    this(name, kind, zone, role, null, null, null, null);
  }

  /** Settings with every field of {@code over} that is not null taking precedence. */
  public SensorSettings overlaidWith(SensorSettings over) {
    if (over == null) {
      return this;
    }
    return new SensorSettings(
        pick(over.name, name), pick(over.kind, kind), pick(over.zone, zone),
        pick(over.role, role), pick(over.minActive, minActive), pick(over.pulses, pulses),
        pick(over.pulseWindow, pulseWindow), pick(over.heartbeat, heartbeat));
  }

  public static SensorSettings empty() {
    return new SensorSettings(null, null, null, null);
  }

  private static <T> T pick(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }
}
