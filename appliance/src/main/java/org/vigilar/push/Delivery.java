package org.vigilar.push;

import java.time.Instant;
import nl.martijndwars.webpush.Urgency;

/**
 * An outbox row with what it takes to send it. {@link #toString()} keeps the endpoint and keys
 * out of logs.
 *
 * @param id the outbox row
 * @param attempts attempts made so far
 */
record Delivery(long id, String subscriptionId, String endpoint, String p256dh, String auth,
    Long eventId, String payload, Urgency urgency, int ttlSeconds, Instant expiresAt,
    int attempts, Instant nextAttemptAt) {

  boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "Delivery[id=" + id + ", subscription=" + subscriptionId + ", service="
        + Endpoints.service(endpoint) + ", event=" + eventId + ", attempts=" + attempts + "]";
  }
}
