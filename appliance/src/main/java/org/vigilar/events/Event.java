package org.vigilar.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored security event, as in the event summary of the public contract.
 *
 * @param id assigned by the store; strictly increases in publish order
 * @param payloadJson the event's payload as a JSON object text
 */
public record Event(
    long id, Instant ts, String type, Severity severity, String sourceId, String payloadJson) {

  public Event {
    if (id <= 0) {
      throw new IllegalArgumentException("event id must be positive, was " + id);
    }
    Objects.requireNonNull(ts, "ts");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(payloadJson, "payloadJson");
  }
}
