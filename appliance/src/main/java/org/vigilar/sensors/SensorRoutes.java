package org.vigilar.sensors;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.vigilar.config.Durations;
import org.vigilar.config.SensorSettings;
import org.vigilar.config.SettingsException;
import org.vigilar.web.BadRequest;
import org.vigilar.web.Json;
import org.vigilar.web.RequestBodies;
import org.vigilar.web.Routes;

/**
 * {@code GET} and {@code PUT /api/sensors/{id}}: one sensor's name, zone, role and
 * false-alarm controls. An edit overrides the settings file field by field; a field set to
 * null goes back to the file's value or the default.
 */
public final class SensorRoutes implements Routes {

  private static final List<String> FIELDS = List.of("name", "zone", "role", "min_active",
      "pulses", "pulse_window", "heartbeat");
  private static final Pattern LABEL = Pattern.compile("[^\\p{Cntrl}]{1,64}");
  private static final Duration MAX_MIN_ACTIVE = Duration.ofMinutes(10);
  private static final Duration MAX_PULSE_WINDOW = Duration.ofHours(1);
  private static final Duration MIN_HEARTBEAT = Duration.ofSeconds(1);
  private static final Duration MAX_HEARTBEAT = Duration.ofDays(30);
  private static final int MAX_PULSES = 10;

  private final SensorDirectory directory;
  private final SensorSettingsStore store;
  private final Clock clock;

  public SensorRoutes(SensorDirectory directory, SensorSettingsStore store, Clock clock) {
    this.directory = directory;
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void register(RoutingHandler routing) {
    routing.get("/api/sensors/{id}", this::get);
    routing.put("/api/sensors/{id}", this::put);
  }

  private void get(HttpServerExchange exchange) {
    Json.send(exchange, 200, body(known(exchange)));
  }

  private void put(HttpServerExchange exchange) {
    String id = known(exchange);
    JsonNode request = RequestBodies.object(exchange);
    for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new BadRequest("unknown field " + field + "; known: " + String.join(", ", FIELDS));
      }
    }
    SensorSettings old = directory.edits(id);
    SensorSettings edits = new SensorSettings(
        field(request, "name", old.name(), SensorRoutes::label),
        null,
        field(request, "zone", old.zone(), SensorRoutes::label),
        field(request, "role", old.role(), SensorRoutes::role),
        field(request, "min_active", old.minActive(),
            text -> duration("min_active", text, Duration.ZERO, MAX_MIN_ACTIVE)),
        field(request, "pulses", old.pulses(), SensorRoutes::pulses),
        field(request, "pulse_window", old.pulseWindow(),
            text -> duration("pulse_window", text, Duration.ofSeconds(1), MAX_PULSE_WINDOW)),
        field(request, "heartbeat", old.heartbeat(),
            text -> duration("heartbeat", text, MIN_HEARTBEAT, MAX_HEARTBEAT)));
    store.save(id, edits, clock.instant());
    directory.putEdits(id, edits);
    Json.send(exchange, 200, body(id));
  }

  private String known(HttpServerExchange exchange) {
    String id = RequestBodies.pathParameter(exchange, "id");
    if (!directory.knows(id)) {
      throw new BadRequest(404, "no sensor with id '" + clip(id) + "'");
    }
    return id;
  }

  private Map<String, Object> body(String id) {
    SensorProfile p = directory.profile(id);
    SensorSettings edits = directory.edits(id);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("source_id", id);
    body.put("name", p.name());
    body.put("kind", p.kind());
    body.put("zone", p.zone());
    body.put("role", p.role().wireName());
    body.put("min_active", Durations.format(p.minActive()));
    body.put("pulses", p.pulses());
    body.put("pulse_window", Durations.format(p.pulseWindow()));
    body.put("heartbeat", p.heartbeat() == null ? null : Durations.format(p.heartbeat()));
    Map<String, Object> edited = new LinkedHashMap<>();
    putIfSet(edited, "name", edits.name());
    putIfSet(edited, "zone", edits.zone());
    putIfSet(edited, "role", edits.role());
    putIfSet(edited, "min_active", edits.minActive());
    putIfSet(edited, "pulses", edits.pulses());
    putIfSet(edited, "pulse_window", edits.pulseWindow());
    putIfSet(edited, "heartbeat", edits.heartbeat());
    body.put("edited", List.copyOf(edited.keySet()));
    return body;
  }

  private static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  /** The new value of a field: absent keeps {@code old}, null clears it, else parsed. */
  private static <T> T field(JsonNode request, String name, T old, Function<String, T> parse) {
    if (!request.has(name)) {
      return old;
    }
    JsonNode node = request.get(name);
    if (node.isNull()) {
      return null;
    }
    if (!node.isValueNode()) {
      throw new BadRequest(name + " must be a single value");
    }
    return parse.apply(node.asText());
  }

  private static String label(String text) {
    String value = text.strip();
    if (value.isEmpty()) {
      return null;
    }
    if (!LABEL.matcher(value).matches()) {
      throw new BadRequest("names and zones are 1 to 64 characters without control characters");
    }
    return value;
  }

  private static String role(String text) {
    return SensorRole.fromWire(text).map(SensorRole::wireName).orElseThrow(() ->
        new BadRequest("role must be entry, perimeter, interior, always or monitor"));
  }

  private static Integer pulses(String text) {
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= 1 && value <= MAX_PULSES) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Answered below.
    }
    throw new BadRequest("pulses must be a whole number from 1 to " + MAX_PULSES);
  }

  private static Duration duration(String name, String text, Duration min, Duration max) {
    Duration value;
    try {
      value = Durations.parse(name, text);
    } catch (SettingsException e) {
      throw new BadRequest(e.getMessage());
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new BadRequest(name + " must be from " + Durations.format(min) + " to "
          + Durations.format(max));
    }
    return value;
  }

  private static String clip(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "..." : value;
  }
}
