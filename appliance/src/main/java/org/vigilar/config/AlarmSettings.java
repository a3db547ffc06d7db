package org.vigilar.config;

import java.time.Duration;
import java.util.Objects;

/** Delays of the alarm panel. */
public record AlarmSettings(Duration exitDelay, Duration entryDelay) {

  public AlarmSettings {
    Objects.requireNonNull(exitDelay, "exitDelay");
    Objects.requireNonNull(entryDelay, "entryDelay");
    Checks.notNegative("alarm.exit_delay", exitDelay);
    Checks.notNegative("alarm.entry_delay", entryDelay);
  }

  public static AlarmSettings defaults() {
    return new AlarmSettings(Duration.ofSeconds(30), Duration.ofSeconds(30));
  }
}
