package org.vigilar.config;

import java.time.Duration;

/** Preconditions for settings whose messages name the key and the offending value. */
final class Checks {

  private Checks() {
  }

  static void port(String key, int value) {
    if (value < 0 || value > 65535) {
      throw new SettingsException(key + " must be a port from 0 to 65535, was " + value);
    }
  }

  static void portOrDisabled(String key, int value) {
    if (value != -1) {
      port(key, value);
    }
  }

  static void notBlank(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new SettingsException(key + " must not be empty");
    }
  }

  static void notNegative(String key, Duration value) {
    if (value.isNegative()) {
      throw new SettingsException(key + " must not be negative, was " + value);
    }
  }
}
