package org.vigilar.events;

import java.time.Instant;
import java.util.Objects;

/**
 * An event before the store gives it an id.
 *
 * @param payloadJson the event's payload as a JSON object text
 */
public record EventDraft(
    Instant ts, String type, Severity severity, String sourceId, String payloadJson) {

  public EventDraft {
    Objects.requireNonNull(ts, "ts");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(payloadJson, "payloadJson");
  }

  public Event withId(long id) {
    return new Event(id, ts, type, severity, sourceId, payloadJson);
  }
}
