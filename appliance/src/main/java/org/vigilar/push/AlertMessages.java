package org.vigilar.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import nl.martijndwars.webpush.Urgency;
import org.vigilar.events.Event;
import org.vigilar.events.EventJson;
import org.vigilar.events.Severity;

/**
 * Turns events into what a phone shows: title, body, severity, source, a tag per incident and
 * the timeline link, plus the event summary itself.
 *
 * <p>All alerts of one source share a tag, so the phone keeps one notification per incident
 * and updates it ("door opened" then "door closed") instead of stacking them.
 */
final class AlertMessages {

  /** Push services cap the encrypted body at 4 KiB; leave room for the record overhead. */
  static final int MAX_PAYLOAD_CHARS = 3000;
  static final Duration CRITICAL_TTL = Duration.ofHours(12);
  static final Duration WARNING_TTL = Duration.ofHours(1);
  static final Duration INFO_TTL = Duration.ofMinutes(15);
  static final Duration TEST_TTL = Duration.ofMinutes(2);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> LABELS = Map.ofEntries(
      Map.entry("motion", "Motion"),
      Map.entry("contact_open", "Door opened"),
      Map.entry("contact_closed", "Door closed"),
      Map.entry("smoke", "Smoke"),
      Map.entry("water_leak", "Water leak"),
      Map.entry("glass_break", "Glass break"),
      Map.entry("vibration", "Vibration"),
      Map.entry("tamper", "Tamper"),
      Map.entry("panic", "Panic"),
      Map.entry("battery_low", "Battery low"),
      Map.entry("sensor_offline", "Sensor offline"),
      Map.entry("sensor_online", "Sensor online"),
      Map.entry("alarm_state", "Alarm state"),
      Map.entry("alarm_triggered", "Alarm triggered"));

  private AlertMessages() {
  }

  static Alert forEvent(Event event) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("kind", "alert");
    root.put("id", event.id());
    root.put("title", severityLabel(event.severity()) + ": " + label(event.type()));
    root.put("body", event.sourceId() + " · " + EventJson.TIMESTAMP.format(event.ts()));
    root.put("severity", event.severity().wireName());
    root.put("source", event.sourceId());
    root.put("type", event.type());
    root.put("ts", EventJson.TIMESTAMP.format(event.ts()));
    root.put("tag", "vigilar-" + event.sourceId());
    root.put("url", "/#event-" + event.id());
    String withEvent = write(root.set("event", summary(event, true)));
    String payload = withEvent.length() <= MAX_PAYLOAD_CHARS ? withEvent
        : write(root.set("event", summary(event, false)));
    return new Alert(event.id(), payload, urgency(event.severity()), ttl(event.severity()));
  }

  /** A test message; the service worker reports its display back under {@code testId}. */
  static Alert test(String testId, Instant sentAt) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("kind", "test");
    root.put("test_id", testId);
    root.put("title", "Vigilar test alert");
    root.put("body", "Alerts reach this device.");
    root.put("severity", "info");
    root.put("source", "vigilar");
    root.put("tag", "vigilar-test");
    root.put("url", "/#alerts");
    root.put("sent_at", sentAt.toEpochMilli());
    return new Alert(null, write(root), Urgency.HIGH, TEST_TTL);
  }

  static Urgency urgency(Severity severity) {
    return switch (severity) {
      case CRITICAL -> Urgency.HIGH;
      case WARNING -> Urgency.NORMAL;
      case INFO -> Urgency.LOW;
    };
  }

  static Duration ttl(Severity severity) {
    return switch (severity) {
      case CRITICAL -> CRITICAL_TTL;
      case WARNING -> WARNING_TTL;
      case INFO -> INFO_TTL;
    };
  }

  static String label(String type) {
    String known = LABELS.get(type);
    if (known != null) {
      return known;
    }
    if (type.endsWith("_detected") && type.length() > "_detected".length()) {
      String subject = type.substring(0, type.length() - "_detected".length()).replace('_', ' ');
      return Character.toUpperCase(subject.charAt(0)) + subject.substring(1) + " detected";
    }
    return type;
  }

  private static String severityLabel(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "Critical";
      case WARNING -> "Warning";
      case INFO -> "Info";
    };
  }

  private static ObjectNode summary(Event event, boolean withPayload) {
    try {
      ObjectNode summary = (ObjectNode) JSON.readTree(EventJson.summary(event));
      if (!withPayload) {
        summary.putObject("payload");
      }
      return summary;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event " + event.id() + " has an unreadable summary", e);
    }
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a push payload", e);
    }
  }
}
