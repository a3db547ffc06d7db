package org.vigilar.classify;

import java.util.Locale;
import java.util.Optional;

/** Reads sensor states leniently: on/off, true/false, 1/0 in any case; contacts open/closed. */
final class StateLiterals {

  private StateLiterals() {
  }

  /** True for active, false for inactive, empty when the text is no known state. */
  static Optional<Boolean> parse(SensorKind kind, String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    switch (value) {
      case "on", "true", "1":
        return Optional.of(true);
      case "off", "false", "0":
        return Optional.of(false);
      case "open":
        return kind == SensorKind.CONTACT ? Optional.of(true) : Optional.empty();
      case "closed":
        return kind == SensorKind.CONTACT ? Optional.of(false) : Optional.empty();
      default:
        return Optional.empty();
    }
  }

  /** The normalised state text carried in an event payload. */
  static String format(SensorKind kind, boolean active) {
    if (kind == SensorKind.CONTACT) {
      return active ? "open" : "closed";
    }
    return active ? "on" : "off";
  }
}
