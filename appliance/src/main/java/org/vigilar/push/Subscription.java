package org.vigilar.push;

import java.time.Instant;
import java.util.Objects;

/**
 * A browser's push subscription as stored. {@link #toString()} shows neither the endpoint
 * (whoever has it can push to the browser) nor the keys.
 *
 * @param id derived from the endpoint, see {@link Endpoints#idOf}
 * @param p256dh the browser's public key, base64url; null once the subscription is gone
 * @param auth the browser's auth secret, base64url; null once the subscription is gone
 * @param lastError a short reason for the last failure, such as {@code HTTP 503}
 */
record Subscription(String id, String endpoint, String p256dh, String auth, String label,
    Instant createdAt, Instant lastSuccessAt, Instant lastFailureAt, String lastError,
    SubscriptionStatus status) {

  Subscription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(status, "status");
  }

  String service() {
    return Endpoints.service(endpoint);
  }

  @Override
  public String toString() {
    return "Subscription[id=" + id + ", service=" + service() + ", label=" + label
        + ", status=" + status.wireName() + ", keys=***]";
  }
}
