package org.vigilar.sensors;

import java.util.Locale;
import java.util.Optional;

/**
 * What a sensor means to the alarm panel.
 *
 * <p>{@code entry} sensors start the entry delay, {@code perimeter} and {@code interior}
 * sensors trigger at once (interior ones are ignored in {@code armed_home} by default),
 * {@code always} sensors trigger in every mode, including disarmed, and {@code monitor}
 * sensors are recorded on the timeline but never trigger.
 */
public enum SensorRole {
  ENTRY, PERIMETER, INTERIOR, ALWAYS, MONITOR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SensorRole> fromWire(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String value = text.strip().toLowerCase(Locale.ROOT);
    for (SensorRole role : values()) {
      if (role.wireName().equals(value)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** The role a sensor of {@code kind} has until someone assigns one. */
  public static SensorRole defaultFor(String kind) {
    if (kind == null) {
      return INTERIOR;
    }
    return switch (kind) {
      case "contact" -> ENTRY;
      case "glass", "vibration" -> PERIMETER;
      case "smoke", "water", "panic", "tamper" -> ALWAYS;
      default -> INTERIOR;
    };
  }
}
