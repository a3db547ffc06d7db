package org.vigilar.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations of the settings file: 500ms, 30s, 5m, 12h, 90d. */
public final class Durations {

  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {
  }

  /**
   * @throws SettingsException naming {@code key} when {@code text} is not a duration
   */
  public static Duration parse(String key, String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new SettingsException(
          key + " must be a duration such as 500ms, 30s, 5m, 12h or 90d, was '" + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** The shortest text {@link #parse} reads back as the same duration. */
  public static String format(Duration value) {
    long ms = value.toMillis();
    if (ms % 86_400_000 == 0 && ms > 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
