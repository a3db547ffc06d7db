package org.vigilar.devices;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.PathTemplateMatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigilar.sensors.SensorRecord;
import org.vigilar.sensors.SensorStore;
import org.vigilar.web.BadRequest;
import org.vigilar.web.Json;
import org.vigilar.web.JsonBody;
import org.vigilar.web.Routes;

/**
 * {@code /api/devices}: list, add, remove and reset device credentials for the web app.
 *
 * <p>A generated password is in the answer to the add or reset, and nowhere else ever again.
 */
public final class DeviceRoutes implements Routes {

  private final Devices devices;
  private final SensorStore sensors;

  public DeviceRoutes(Devices devices, SensorStore sensors) {
    this.devices = devices;
    this.sensors = sensors;
  }

  @Override
  public void register(RoutingHandler routing) {
    routing.get("/api/devices", this::list);
    routing.post("/api/devices", this::add);
    routing.delete("/api/devices/{id}", this::remove);
    routing.post("/api/devices/{id}/reset", this::reset);
  }

  private void list(HttpServerExchange exchange) {
    Map<String, Instant> heard = new HashMap<>();
    for (SensorRecord record : sensors.records()) {
      heard.put(record.sourceId(), record.lastSeen());
    }
    List<Map<String, Object>> body = new ArrayList<>();
    for (Device device : devices.list()) {
      body.add(json(device, heard.get(device.id())));
    }
    Json.send(exchange, 200, Map.of("devices", body));
  }

  private void add(HttpServerExchange exchange) {
    JsonNode body = JsonBody.object(exchange);
    String password = JsonBody.text(body, "password");
    Devices.Spec spec = new Devices.Spec(JsonBody.text(body, "id"),
        blankToNull(JsonBody.text(body, "kind")), blankToNull(JsonBody.text(body, "zone")),
        password == null || password.isEmpty() ? null : password.toCharArray(),
        grants(body.get("publish")));
    NewCredential created;
    try {
      created = devices.add(spec);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    } catch (IllegalStateException e) {
      throw new BadRequest(409, e.getMessage());
    }
    Device device = devices.list().stream()
        .filter(d -> d.id().equals(created.deviceId()))
        .findFirst()
        .orElseThrow(() -> new BadRequest(409, "device " + created.deviceId()
            + " was removed while being added"));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("device", json(device, null));
    if (spec.password() == null) {
      answer.put("password", created.password().reveal());
    }
    Json.send(exchange, 201, answer);
  }

  private void remove(HttpServerExchange exchange) {
    String id = pathId(exchange);
    if (!devices.remove(id)) {
      throw new BadRequest(404, "no device with id '" + id + "'");
    }
    Json.send(exchange, 200, Map.of("id", id, "removed", true));
  }

  private void reset(HttpServerExchange exchange) {
    String id = pathId(exchange);
    JsonNode body = JsonBody.object(exchange);
    String password = JsonBody.text(body, "password");
    boolean generated = password == null || password.isEmpty();
    Optional<NewCredential> changed;
    try {
      changed = devices.reset(id, generated ? null : password.toCharArray());
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
    NewCredential credential = changed.orElseThrow(
        () -> new BadRequest(404, "no device with id '" + id + "'"));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", id);
    if (generated) {
      answer.put("password", credential.password().reveal());
    }
    Json.send(exchange, 200, answer);
  }

  private static Map<String, Object> json(Device device, Instant heard) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", device.id());
    out.put("kind", device.kind());
    out.put("zone", device.zone());
    out.put("publish", device.grants());
    out.put("created_at", device.createdAt().toString());
    out.put("last_connected", text(device.lastConnected()));
    Instant seen = device.lastConnected();
    if (heard != null && (seen == null || heard.isAfter(seen))) {
      seen = heard;
    }
    out.put("last_seen", text(seen));
    return out;
  }

  private static List<String> grants(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new BadRequest("publish must be a list of topic filters");
    }
    List<String> grants = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw new BadRequest("publish must be a list of topic filters");
      }
      grants.add(item.asText());
    }
    return grants;
  }

  private static String pathId(HttpServerExchange exchange) {
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    return match.getParameters().get("id");
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
