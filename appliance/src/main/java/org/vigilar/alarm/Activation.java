package org.vigilar.alarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Set;
import org.vigilar.events.Event;

/**
 * A committed event that may set the alarm off.
 *
 * @param channel the sensor channel whose state shows whether it is still active (such as
 *     {@code contact}), or null for a momentary detection by a camera
 * @param lifeSafety true for smoke, water, panic and tamper: they trigger in every mode
 */
record Activation(String sourceId, String type, String channel, boolean lifeSafety,
    Instant at) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> LIFE_SAFETY = Set.of("smoke", "water_leak", "panic", "tamper");

  /** The activation an event stands for, or null when it is none (a door closing). */
  static Activation of(Event event) {
    String type = event.type();
    String source = event.sourceId();
    switch (type) {
      case "contact_open":
        return new Activation(source, type, "contact", false, event.ts());
      case "motion":
        return new Activation(source, type, "motion", false, event.ts());
      case "glass_break":
        return new Activation(source, type, "glass", false, event.ts());
      case "vibration":
        return new Activation(source, type, "vibration", false, event.ts());
      default:
        break;
    }
    if (LIFE_SAFETY.contains(type)) {
      // The same type reports the return to normal, with state off.
      return "on".equals(state(event))
          ? new Activation(source, type, type.equals("water_leak") ? "water" : type, true,
              event.ts())
          : null;
    }
    if (type.endsWith("_detected")) {
      return new Activation(source, type, null, false, event.ts());
    }
    return null;
  }

  /** The sensor kind the channel belongs to, used to pick a default role. */
  String kind() {
    return channel == null ? "camera" : channel;
  }

  private static String state(Event event) {
    try {
      JsonNode state = JSON.readTree(event.payloadJson()).get("state");
      return state == null ? null : state.asText();
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
