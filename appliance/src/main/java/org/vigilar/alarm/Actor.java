package org.vigilar.alarm;

import java.util.Objects;

/**
 * Who or what changed the panel's state, as recorded in each {@code alarm_state} event.
 *
 * @param kind {@code api} (a user of the app), {@code keypad} (an MQTT device), {@code timer}
 *     (a delay ran out), {@code sensor} (a sensor started the entry delay or the alarm) or
 *     {@code system} (the state before anyone set one)
 * @param id the user name, device id or sensor id; the kind again for timer and system
 */
public record Actor(String kind, String id) {

  public static final Actor TIMER = new Actor("timer", "timer");
  public static final Actor SYSTEM = new Actor("system", "system");

  public Actor {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
  }

  public static Actor api(String user) {
    return new Actor("api", user);
  }

  public static Actor keypad(String deviceId) {
    return new Actor("keypad", deviceId);
  }

  public static Actor sensor(String sourceId) {
    return new Actor("sensor", sourceId);
  }

  /** {@code kind:id} as stored in the database. */
  public String text() {
    return kind + ":" + id;
  }

  /** Reads {@link #text()}; an unreadable value becomes {@link #SYSTEM}. */
  public static Actor fromText(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    return colon <= 0 ? SYSTEM : new Actor(text.substring(0, colon), text.substring(colon + 1));
  }
}
