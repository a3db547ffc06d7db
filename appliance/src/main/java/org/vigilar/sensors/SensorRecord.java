package org.vigilar.sensors;

import java.time.Instant;
import java.util.Objects;

/**
 * What the appliance knows about one sensor.
 *
 * @param kind the kind it last reported, or null when only its status was heard
 * @param battery last battery level 0..100, or null when never reported
 * @param online from its status topic, or null when it never sent one
 */
public record SensorRecord(
    String sourceId, String kind, Instant firstSeen, Instant lastSeen, Integer battery,
    Boolean online) {

  public SensorRecord {
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }

  public static SensorRecord firstHeard(String sourceId, Instant at) {
    return new SensorRecord(sourceId, null, at, at, null, null);
  }

  public SensorRecord seen(Instant at) {
    return new SensorRecord(sourceId, kind, firstSeen, at, battery, online);
  }

  public SensorRecord withKind(String value) {
    return new SensorRecord(sourceId, value, firstSeen, lastSeen, battery, online);
  }

  public SensorRecord withBattery(int value) {
    return new SensorRecord(sourceId, kind, firstSeen, lastSeen, value, online);
  }

  public SensorRecord withOnline(boolean value) {
    return new SensorRecord(sourceId, kind, firstSeen, lastSeen, battery, value);
  }
}
