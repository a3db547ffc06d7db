package org.vigilar.sensors;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the alarm and supervision need to know about one sensor, with defaults applied.
 *
 * @param name a human name, or null
 * @param kind the declared or last reported kind, or null when unknown
 * @param zone a zone such as {@code hall}, or null
 * @param minActive how long it must stay active before it may trigger; zero for at once
 * @param pulses activations within {@code pulseWindow} needed to trigger; 1 for the first
 * @param heartbeat a fixed supervision budget, or null to use the kind's or a learned one
 */
public record SensorProfile(
    String sourceId, String name, String kind, String zone, SensorRole role,
    Duration minActive, int pulses, Duration pulseWindow, Duration heartbeat) {

  public static final Duration DEFAULT_PULSE_WINDOW = Duration.ofSeconds(60);

  public SensorProfile {
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(minActive, "minActive");
    Objects.requireNonNull(pulseWindow, "pulseWindow");
    if (pulses < 1) {
      throw new IllegalArgumentException("pulses must be at least 1, was " + pulses);
    }
  }

  /** Pulses a sensor of {@code kind} needs by default: vibration sensors see passing trucks. */
  public static int defaultPulses(String kind) {
    return "vibration".equals(kind) ? 2 : 1;
  }
}
