package org.vigilar.web;

import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.vigilar.config.SensorSettings;
import org.vigilar.events.EventJson;
import org.vigilar.sensors.SensorRecord;
import org.vigilar.sensors.SensorStore;

/** {@code GET /api/sensors}: every sensor heard or declared in the settings. */
final class SensorsApi {

  private final SensorStore sensors;
  private final Supplier<Map<String, SensorSettings>> declared;

  SensorsApi(SensorStore sensors, Supplier<Map<String, SensorSettings>> declared) {
    this.sensors = sensors;
    this.declared = declared;
  }

  void list(HttpServerExchange exchange) {
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (SensorRecord r : sensors.records()) {
      Map<String, Object> row = row(r.sourceId());
      row.put("kind", r.kind());
      row.put("first_seen", EventJson.TIMESTAMP.format(r.firstSeen()));
      row.put("last_seen", EventJson.TIMESTAMP.format(r.lastSeen()));
      row.put("battery", r.battery());
      row.put("online", r.online());
      byId.put(r.sourceId(), row);
    }
    declared.get().forEach((id, s) -> {
      Map<String, Object> row = byId.computeIfAbsent(id, SensorsApi::row);
      row.put("name", s.name());
      row.put("zone", s.zone());
      row.put("role", s.role());
      if (row.get("kind") == null) {
        row.put("kind", s.kind());
      }
    });
    List<Map<String, Object>> list = new ArrayList<>(byId.values());
    Json.send(exchange, 200, Map.of("sensors", list));
  }

  private static Map<String, Object> row(String id) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("source_id", id);
    row.put("name", null);
    row.put("kind", null);
    row.put("zone", null);
    row.put("role", null);
    row.put("first_seen", null);
    row.put("last_seen", null);
    row.put("battery", null);
    row.put("online", null);
    return row;
  }
}
