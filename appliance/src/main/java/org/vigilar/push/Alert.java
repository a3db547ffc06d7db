package org.vigilar.push;

import java.time.Duration;
import java.util.Objects;
import nl.martijndwars.webpush.Urgency;

/**
 * One message to push, before it is fanned out to subscriptions.
 *
 * @param eventId the event it tells of, or null for a test message
 * @param payload the JSON the service worker reads; encrypted per subscription when sent
 * @param ttl how long the push service keeps it for an offline device; also how long Vigilar
 *     keeps retrying
 */
record Alert(Long eventId, String payload, Urgency urgency, Duration ttl) {

  Alert {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(urgency, "urgency");
    Objects.requireNonNull(ttl, "ttl");
  }

  @Override
  public String toString() {
    return "Alert[event=" + eventId + ", urgency=" + urgency.getHeaderValue() + ", ttl=" + ttl
        + ", " + payload.length() + " chars]";
  }
}
