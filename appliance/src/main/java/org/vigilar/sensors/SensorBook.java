package org.vigilar.sensors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sensors' records and last states, held in memory and written back with each batch.
 *
 * <p>Only the event processor's thread touches a book; other threads read sensors from the
 * store. Changes accumulate until {@link #drainChanges()} hands them to the batch that commits
 * the events they caused, so state and events can never disagree after a crash.
 */
public final class SensorBook {

  /**
   * A channel's state to persist.
   *
   * @param channel the sensor kind or {@code status}, {@code battery_low}
   */
  public record StateChange(String sourceId, String channel, String state, Instant at) {
  }

  /** Everything that changed since the last drain. */
  public record Changes(List<SensorRecord> records, List<StateChange> states) {

    public boolean isEmpty() {
      return records.isEmpty() && states.isEmpty();
    }
  }

  private final Map<String, SensorRecord> records = new HashMap<>();
  private final Map<String, String> states = new HashMap<>();
  private final Map<String, SensorRecord> dirtyRecords = new LinkedHashMap<>();
  private final Map<String, StateChange> dirtyStates = new LinkedHashMap<>();

  /** Fills the book from the store at start, without marking anything changed. */
  public void load(List<SensorRecord> storedRecords, List<StateChange> storedStates) {
    storedRecords.forEach(r -> records.put(r.sourceId(), r));
    storedStates.forEach(s -> states.put(key(s.sourceId(), s.channel()), s.state()));
  }

  public Optional<SensorRecord> record(String sourceId) {
    return Optional.ofNullable(records.get(sourceId));
  }

  /** Every sensor's record; a read-only view that follows later changes. */
  public Collection<SensorRecord> records() {
    return Collections.unmodifiableCollection(records.values());
  }

  /** Notes that {@code sourceId} was heard at {@code at} and returns its updated record. */
  public SensorRecord touch(String sourceId, Instant at) {
    SensorRecord record = records.get(sourceId);
    record = record == null ? SensorRecord.firstHeard(sourceId, at) : record.seen(at);
    put(record);
    return record;
  }

  public void put(SensorRecord record) {
    records.put(record.sourceId(), record);
    dirtyRecords.put(record.sourceId(), record);
  }

  /** The last state of a channel, or null when none was ever seen. */
  public String state(String sourceId, String channel) {
    return states.get(key(sourceId, channel));
  }

  /**
   * Records a channel's new state.
   *
   * @return true when it differs from the previous one
   */
  public boolean changeState(String sourceId, String channel, String state, Instant at) {
    String key = key(sourceId, channel);
    String previous = states.put(key, state);
    if (state.equals(previous)) {
      return false;
    }
    dirtyStates.put(key, new StateChange(sourceId, channel, state, at));
    return true;
  }

  public Changes drainChanges() {
    Changes changes = new Changes(new ArrayList<>(dirtyRecords.values()),
        new ArrayList<>(dirtyStates.values()));
    dirtyRecords.clear();
    dirtyStates.clear();
    return changes;
  }

  private static String key(String sourceId, String channel) {
    return sourceId + '\u0000' + channel;
  }
}
