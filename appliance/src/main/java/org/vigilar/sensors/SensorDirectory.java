package org.vigilar.sensors;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.vigilar.config.SensorSettings;

/**
 * Names, zones, roles and false-alarm controls of the sensors: what the settings file
 * declares, overlaid field by field with what was edited in the app.
 *
 * <p>Thread-safe: the processor reads it for every event, the web edits it.
 */
public final class SensorDirectory {

  private final Map<String, SensorSettings> declared;
  private final ConcurrentMap<String, SensorSettings> edits = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, String> kinds = new ConcurrentHashMap<>();

  public SensorDirectory(Map<String, SensorSettings> declared) {
    this.declared = Map.copyOf(declared);
  }

  /** The effective profile of {@code sourceId}, known or not. */
  public SensorProfile profile(String sourceId) {
    SensorSettings s = settings(sourceId);
    String kind = s.kind() != null ? s.kind() : kinds.get(sourceId);
    SensorRole role = SensorRole.fromWire(s.role()).orElse(SensorRole.defaultFor(kind));
    return new SensorProfile(sourceId, s.name(), kind, s.zone(), role,
        s.minActive() == null ? Duration.ZERO : s.minActive(),
        s.pulses() == null ? SensorProfile.defaultPulses(kind) : s.pulses(),
        s.pulseWindow() == null ? SensorProfile.DEFAULT_PULSE_WINDOW : s.pulseWindow(),
        s.heartbeat());
  }

  public SensorRole role(String sourceId) {
    return profile(sourceId).role();
  }

  /** Records the kind a sensor reported, which decides its default role. */
  public void noteKind(String sourceId, String kind) {
    if (kind != null) {
      kinds.put(sourceId, kind);
    }
  }

  /** Like {@link #noteKind} when nothing better is known yet. */
  public void noteKindIfAbsent(String sourceId, String kind) {
    if (kind != null) {
      kinds.putIfAbsent(sourceId, kind);
    }
  }

  /** True for a sensor that was declared, edited or heard. */
  public boolean knows(String sourceId) {
    return declared.containsKey(sourceId) || edits.containsKey(sourceId)
        || kinds.containsKey(sourceId);
  }

  /** What was edited in the app for {@code sourceId}; fields not edited are null. */
  public SensorSettings edits(String sourceId) {
    return edits.getOrDefault(sourceId, SensorSettings.empty());
  }

  /** Replaces the edits of one sensor; an edit with every field null removes them. */
  public void putEdits(String sourceId, SensorSettings value) {
    Objects.requireNonNull(value, "value");
    if (value.equals(SensorSettings.empty())) {
      edits.remove(sourceId);
    } else {
      edits.put(sourceId, value);
    }
  }

  /** Every known sensor's effective settings, by source id, roles resolved. */
  public Map<String, SensorSettings> effective() {
    TreeSet<String> ids = new TreeSet<>(declared.keySet());
    ids.addAll(edits.keySet());
    ids.addAll(kinds.keySet());
    Map<String, SensorSettings> result = new LinkedHashMap<>();
    for (String id : ids) {
      SensorProfile p = profile(id);
      result.put(id, new SensorSettings(p.name(), p.kind(), p.zone(), p.role().wireName(),
          p.minActive(), p.pulses(), p.pulseWindow(), p.heartbeat()));
    }
    return result;
  }

  private SensorSettings settings(String sourceId) {
    SensorSettings base = declared.getOrDefault(sourceId, SensorSettings.empty());
    return base.overlaidWith(edits.get(sourceId));
  }
}
