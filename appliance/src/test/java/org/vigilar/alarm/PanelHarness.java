package org.vigilar.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigilar.classify.SeverityPolicy;
import org.vigilar.config.AlarmSettings;
import org.vigilar.config.SensorSettings;
import org.vigilar.events.Event;
import org.vigilar.events.EventDraft;
import org.vigilar.events.Severity;
import org.vigilar.sensors.SensorDirectory;

/** A panel with a controllable clock, a small house, and the events it produced. */
final class PanelHarness {

  static final Instant START = Instant.parse("2026-12-03T12:00:00Z");
  static final Map<String, SensorSettings> HOUSE = Map.of(
      "front-door", new SensorSettings("Front door", "contact", "hall", "entry"),
      "back-window", new SensorSettings("Back window", "contact", "kitchen", "perimeter"),
      "hall-motion", new SensorSettings("Hall motion", "motion", "hall", "interior"),
      "kitchen-smoke", new SensorSettings("Kitchen smoke", "smoke", "kitchen", null),
      "garage-camera", new SensorSettings("Garage", "camera", "garage", "monitor"),
      "shed-vibration", new SensorSettings("Shed", "vibration", "garden", null));
  private static final ObjectMapper JSON = new ObjectMapper();

  final MutableClock clock = new MutableClock(START);
  final SensorDirectory sensors;
  final AlarmView view;
  final AlarmPanel panel;
  final List<EventDraft> events = new ArrayList<>();
  /** Channel states the panel reads when it confirms a minimum active time. */
  final Map<String, String> states = new HashMap<>();
  private long nextId = 1;

  PanelHarness(AlarmSettings settings) {
    this(settings, HOUSE, null, Set.of());
  }

  PanelHarness(AlarmSettings settings, Map<String, SensorSettings> house, PanelStatus resumed,
      Set<String> openContacts) {
    sensors = new SensorDirectory(house);
    view = new AlarmView(settings, sensors,
        resumed == null ? PanelStatus.initial(clock.instant()) : resumed);
    SeverityPolicy severity = new SeverityPolicy(view::effectiveMode, view::isArmed);
    panel = new AlarmPanel(settings, sensors, severity, view, openContacts, clock);
  }

  static AlarmSettings delays(int exitSeconds, int entrySeconds) {
    return new AlarmSettings(Duration.ofSeconds(exitSeconds), Duration.ofSeconds(entrySeconds));
  }

  ArmResult request(ArmMode mode, String... bypass) {
    return panel.request(new ArmRequest(mode, Set.of(bypass), Actor.api("admin")), events);
  }

  ArmResult keypad(ArmMode mode, String device) {
    return panel.request(new ArmRequest(mode, Set.of(), Actor.keypad(device)), events);
  }

  /** A committed device event such as {@code contact_open} with its state in the payload. */
  void sensor(String type, String sourceId, String state) {
    String channel = switch (type) {
      case "contact_open", "contact_closed" -> "contact";
      case "water_leak" -> "water";
      case "glass_break" -> "glass";
      default -> type;
    };
    states.put(sourceId + "/" + channel, state);
    String payload = state == null ? "{}" : "{\"state\":\"" + state + "\"}";
    panel.onEvent(new Event(nextId++, clock.instant(), type, Severity.INFO,
        sourceId, payload), events);
  }

  void open(String door) {
    sensor("contact_open", door, "open");
  }

  void close(String door) {
    sensor("contact_closed", door, "closed");
  }

  void motion(String sensor) {
    sensor("motion", sensor, "on");
    states.put(sensor + "/motion", "off");
  }

  /** Moves the clock and lets the panel act on what ran out. */
  void advance(Duration by) {
    clock.advance(by);
    panel.tick((id, channel) -> {
      String state = states.get(id + "/" + channel);
      return "on".equals(state) || "open".equals(state);
    }, events);
  }

  void advanceSeconds(long seconds) {
    advance(Duration.ofSeconds(seconds));
  }

  PanelState state() {
    return panel.status().state();
  }

  List<String> types() {
    return events.stream().map(EventDraft::type).toList();
  }

  List<EventDraft> ofType(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  EventDraft last(String type) {
    List<EventDraft> found = ofType(type);
    if (found.isEmpty()) {
      throw new AssertionError("no " + type + " event among " + types());
    }
    return found.get(found.size() - 1);
  }

  static JsonNode payload(EventDraft draft) {
    try {
      return JSON.readTree(draft.payloadJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
