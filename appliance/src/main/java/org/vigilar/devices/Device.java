package org.vigilar.devices;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A device that may connect to the broker; its MQTT user name is its id.
 *
 * @param kind what it is, such as {@code contact} or {@code camera}; may be null
 * @param zone where it is; may be null
 * @param grants topic filters it may publish to beyond its own topics
 * @param lastConnected when it last connected, or null when never
 */
public record Device(String id, String kind, String zone, List<String> grants, Instant createdAt,
    Instant lastConnected) {

  public Device {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    grants = List.copyOf(grants);
  }
}
