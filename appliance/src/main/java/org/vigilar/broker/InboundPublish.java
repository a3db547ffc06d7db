package org.vigilar.broker;

import java.time.Instant;
import java.util.Objects;

/**
 * A device's publish, copied out of the broker's buffers.
 *
 * @param username the authenticated user, or null for an anonymous client
 * @param retained true when the device set the retain flag
 */
public record InboundPublish(
    String topic, byte[] payload, String clientId, String username, boolean retained,
    Instant receivedAt) {

  public InboundPublish {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(receivedAt, "receivedAt");
    clientId = clientId == null ? "" : clientId;
  }
}
