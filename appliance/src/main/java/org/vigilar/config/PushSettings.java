package org.vigilar.config;

/** Web Push: the VAPID subject push services may contact about this sender. */
public record PushSettings(String subject) {

  public PushSettings {
    Checks.notBlank("push.subject", subject);
    if (!subject.startsWith("mailto:") && !subject.startsWith("https://")) {
      throw new SettingsException(
          "push.subject must start with mailto: or https://, was '" + subject + "'");
    }
  }

  public static PushSettings defaults() {
    return new PushSettings("mailto:owner@example.org");
  }
}
