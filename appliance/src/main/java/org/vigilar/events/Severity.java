package org.vigilar.events;

import java.util.Locale;

/** How urgently a person should look at an event. */
public enum Severity {
  INFO, WARNING, CRITICAL;

  /** The name used on the wire and in the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException when {@code text} is not info, warning or critical
   */
  public static Severity fromWire(String text) {
    for (Severity s : values()) {
      if (s.wireName().equals(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "severity must be info, warning or critical, was '" + text + "'");
  }
}
