package org.vigilar.config;

/** A setting is missing, unknown or out of range; the message names the key and the value. */
public final class SettingsException extends RuntimeException {

  public SettingsException(String message) {
    super(message);
  }
}
