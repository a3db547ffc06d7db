package org.vigilar.classify;

import java.util.Locale;
import java.util.Optional;

/**
 * The sensor kinds of the contract and the event types their changes produce.
 *
 * <p>A kind with no {@code inactiveType} clears itself after every detection, so going back to
 * inactive is not an event.
 */
public enum SensorKind {
  MOTION("motion", null),
  CONTACT("contact_open", "contact_closed"),
  SMOKE("smoke", "smoke"),
  WATER("water_leak", "water_leak"),
  GLASS("glass_break", null),
  VIBRATION("vibration", null),
  TAMPER("tamper", "tamper"),
  PANIC("panic", "panic"),
  BATTERY(null, null),
  HEARTBEAT(null, null);

  private final String activeType;
  private final String inactiveType;

  SensorKind(String activeType, String inactiveType) {
    this.activeType = activeType;
    this.inactiveType = inactiveType;
  }

  /** The topic level and stored name of this kind. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for kinds whose payload is an on/off state. */
  public boolean isBinary() {
    return activeType != null;
  }

  public String activeType() {
    return activeType;
  }

  /** The event type of a return to normal, or null when that is no event. */
  public String inactiveType() {
    return inactiveType;
  }

  public static Optional<SensorKind> fromWire(String text) {
    for (SensorKind kind : values()) {
      if (kind.wireName().equals(text)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
