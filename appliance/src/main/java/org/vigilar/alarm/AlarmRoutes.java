package org.vigilar.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.vigilar.config.AlarmSettings;
import org.vigilar.events.EventJson;
import org.vigilar.security.WebGuard;
import org.vigilar.sensors.SensorDirectory;
import org.vigilar.sensors.SensorProfile;
import org.vigilar.web.BadRequest;
import org.vigilar.web.Json;
import org.vigilar.web.RequestBodies;
import org.vigilar.web.Routes;

/**
 * {@code GET /api/alarm} and {@code PUT /api/alarm}: the panel's state, and changing the mode
 * with an optional list of sensors to bypass.
 */
public final class AlarmRoutes implements Routes {

  private static final Pattern SOURCE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final int MAX_BYPASS = 256;

  private final AlarmService alarm;
  private final AlarmView view;
  private final AlarmSettings settings;
  private final SensorDirectory sensors;
  private final Clock clock;

  public AlarmRoutes(AlarmService alarm, AlarmView view, AlarmSettings settings,
      SensorDirectory sensors, Clock clock) {
    this.alarm = alarm;
    this.view = view;
    this.settings = settings;
    this.sensors = sensors;
    this.clock = clock;
  }

  @Override
  public void register(RoutingHandler routing) {
    routing.get("/api/alarm", this::get);
    routing.put("/api/alarm", this::put);
  }

  private void get(HttpServerExchange exchange) {
    Json.send(exchange, 200, body(view.status()));
  }

  private void put(HttpServerExchange exchange) {
    JsonNode request = RequestBodies.object(exchange);
    JsonNode modeNode = request.get("mode");
    ArmMode mode = ArmMode.fromWire(modeNode == null || !modeNode.isTextual() ? null
        : modeNode.asText()).orElseThrow(() -> new BadRequest(
            "mode must be disarmed, armed_home, armed_night or armed_away"));
    Set<String> bypass = bypass(request.get("bypass"));
    WebGuard.Principal principal = exchange.getAttachment(WebGuard.PRINCIPAL);
    String user = principal == null ? "api" : principal.name();

    ArmResult result;
    try {
      result = alarm.request(new ArmRequest(mode, bypass, Actor.api(user)));
    } catch (IllegalStateException e) {
      throw new BadRequest(503, e.getMessage());
    }
    if (result instanceof ArmResult.Accepted accepted) {
      Json.send(exchange, 200, body(accepted.status()));
    } else if (result instanceof ArmResult.Blocked blocked) {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("error", "cannot arm " + mode.wireName() + ": open sensors "
          + String.join(", ", blocked.openSensors()) + "; close them or bypass them");
      answer.put("open_sensors", describe(blocked.openSensors()));
      Json.send(exchange, 409, answer);
    } else {
      throw new BadRequest(409, ((ArmResult.Refused) result).reason());
    }
  }

  private Set<String> bypass(JsonNode node) {
    if (node == null || node.isNull()) {
      return Set.of();
    }
    if (!node.isArray() || node.size() > MAX_BYPASS) {
      throw new BadRequest("bypass must be a list of at most " + MAX_BYPASS + " source ids");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode item : node) {
      String id = item.isTextual() ? item.asText() : "";
      if (!SOURCE_ID.matcher(id).matches()) {
        throw new BadRequest("bypass must hold source ids (1-64 letters, digits or _.:-)");
      }
      if (!sensors.knows(id) && !view.openContacts().contains(id)) {
        throw new BadRequest("cannot bypass " + id + ": no such sensor");
      }
      ids.add(id);
    }
    return ids;
  }

  private Map<String, Object> body(PanelStatus status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("mode", status.mode().wireName());
    body.put("state", status.state().wireName());
    body.put("until", time(status.until()));
    body.put("now", time(clock.instant()));
    body.put("bypass", status.bypass().stream().sorted().toList());
    body.put("cause", status.cause());
    body.put("changed_at", time(status.changedAt()));
    Map<String, Object> changedBy = new LinkedHashMap<>();
    changedBy.put("by", status.changedBy().kind());
    changedBy.put("actor", status.changedBy().id());
    body.put("changed_by", changedBy);
    body.put("open_sensors", describe(view.openContacts().stream().sorted().toList()));
    Map<String, Object> delays = new LinkedHashMap<>();
    for (ArmMode mode : List.of(ArmMode.ARMED_HOME, ArmMode.ARMED_NIGHT, ArmMode.ARMED_AWAY)) {
      delays.put(mode.wireName(), settings.exitDelay(mode).toMillis());
    }
    delays.put("entry", settings.entryDelay().toMillis());
    body.put("delays_ms", delays);
    return body;
  }

  /** Each sensor with its name, zone, role and the modes it keeps from arming while open. */
  private List<Map<String, Object>> describe(List<String> ids) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (String id : ids) {
      SensorProfile profile = sensors.profile(id);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("source_id", id);
      row.put("name", profile.name());
      row.put("zone", profile.zone());
      row.put("role", profile.role().wireName());
      List<String> blocks = new ArrayList<>();
      for (ArmMode mode : List.of(ArmMode.ARMED_HOME, ArmMode.ARMED_NIGHT, ArmMode.ARMED_AWAY)) {
        if (view.blocking(mode, Set.of()).contains(id)) {
          blocks.add(mode.wireName());
        }
      }
      row.put("blocks", blocks);
      list.add(row);
    }
    return list;
  }

  private static String time(Instant instant) {
    return instant == null ? null : EventJson.TIMESTAMP.format(instant);
  }
}
