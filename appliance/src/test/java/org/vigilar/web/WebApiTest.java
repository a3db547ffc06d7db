package org.vigilar.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigilar.testing.Await;
import org.vigilar.testing.MqttTestClient;
import org.vigilar.testing.RawHttp;
import org.vigilar.testing.StoredEvent;
import org.vigilar.testing.TestAppliance;

/** The HTTP side: history API, acknowledgement, health, metrics and the app's files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebApiTest {

  private TestAppliance app;
  private List<StoredEvent> stored;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    // Smoke, tamper and water would set the alarm off and add its events to this history.
    app = TestAppliance.start(dir, 0,
        TestAppliance.monitorOnly("api-smoke", "api-keypad", "api-water"));
    try (MqttTestClient device = app.device()) {
      device.publish("vigilar/sensors/api-door/contact", "open");
      device.publish("vigilar/sensors/api-smoke/smoke", "on");
      device.publish("vigilar/sensors/api-hall/motion", "on");
      device.publish("vigilar/sensors/api-door/contact", "closed");
      device.publish("vigilar/sensors/api-keypad/tamper", "on");
      device.publish("vigilar/sensors/api-water/water", "on");
      device.publish("vigilar/sensors/api-door/contact", "open");
    }
    // The last message is the door opening again: once it is stored, all seven are.
    Await.until("seven events stored", () -> app.storedEvents().size() >= 7);
    stored = app.storedEvents();
    assertEquals(7, stored.size());
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private List<Long> ids(JsonNode page) {
    List<Long> ids = new ArrayList<>();
    page.get("events").forEach(e -> ids.add(e.get("id").asLong()));
    return ids;
  }

  private List<Long> newestFirst(Predicate<StoredEvent> filter) {
    List<Long> ids = new ArrayList<>();
    for (int i = stored.size() - 1; i >= 0; i--) {
      if (filter.test(stored.get(i))) {
        ids.add(stored.get(i).id());
      }
    }
    return ids;
  }

  private static String isoTime(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  @Test
  void historyIsNewestFirstAndPagesWithNextBefore() {
    JsonNode all = app.getJson("/api/events");
    assertEquals(newestFirst(e -> true), ids(all));
    assertTrue(all.get("next_before").isNull());

    List<Long> walked = new ArrayList<>();
    String query = "/api/events?limit=3";
    int pages = 0;
    while (query != null) {
      JsonNode page = app.getJson(query);
      walked.addAll(ids(page));
      pages++;
      JsonNode next = page.get("next_before");
      query = next.isNull() ? null : "/api/events?limit=3&before=" + next.asLong();
    }
    assertEquals(newestFirst(e -> true), walked);
    assertEquals(3, pages);
  }

  @Test
  void historyEventsHaveTheContractFields() {
    JsonNode event = app.getJson("/api/events?limit=1").get("events").get(0);
    StoredEvent newest = stored.get(stored.size() - 1);
    assertEquals(newest.id(), event.get("id").asLong());
    assertTrue(event.get("ts").asText().matches(
        "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"), event::toString);
    assertEquals(newest.tsMillis(), Instant.parse(event.get("ts").asText()).toEpochMilli());
    assertEquals("contact_open", event.get("type").asText());
    assertEquals("info", event.get("severity").asText());
    assertEquals("api-door", event.get("source_id").asText());
    assertEquals("open", event.get("payload").get("state").asText());
  }

  @Test
  void filtersByType() {
    assertEquals(newestFirst(e -> e.type().equals("contact_open")),
        ids(app.getJson("/api/events?type=contact_open")));
    assertEquals(List.of(), ids(app.getJson("/api/events?type=panic")));
  }

  @Test
  void filtersBySeverity() {
    assertEquals(newestFirst(e -> e.severity().equals("critical")),
        ids(app.getJson("/api/events?severity=critical")));
    assertEquals(2, ids(app.getJson("/api/events?severity=critical")).size());
    assertEquals(newestFirst(e -> e.severity().equals("warning")),
        ids(app.getJson("/api/events?severity=warning")));
  }

  @Test
  void filtersBySource() {
    assertEquals(newestFirst(e -> e.sourceId().equals("api-door")),
        ids(app.getJson("/api/events?source_id=api-door")));
  }

  @Test
  void filtersCombineWithPaging() {
    JsonNode first = app.getJson("/api/events?source_id=api-door&type=contact_open&limit=1");
    List<Long> doorOpens = newestFirst(e -> e.sourceId().equals("api-door")
        && e.type().equals("contact_open"));
    assertEquals(doorOpens.subList(0, 1), ids(first));
    JsonNode second = app.getJson("/api/events?source_id=api-door&type=contact_open&limit=1"
        + "&before=" + first.get("next_before").asLong());
    assertEquals(doorOpens.subList(1, 2), ids(second));
    assertTrue(second.get("next_before").isNull());
  }

  @Test
  void sinceIsInclusiveAndUntilExclusive() {
    long oldest = stored.get(0).tsMillis();
    long newest = stored.get(stored.size() - 1).tsMillis();
    assertEquals(newestFirst(e -> true), ids(app.getJson("/api/events?since="
        + isoTime(oldest) + "&until=" + isoTime(newest + 1))));
    assertEquals(newestFirst(e -> e.tsMillis() >= newest),
        ids(app.getJson("/api/events?since=" + isoTime(newest))));
    assertEquals(newestFirst(e -> e.tsMillis() < newest),
        ids(app.getJson("/api/events?until=" + isoTime(newest))));
    assertEquals(List.of(), ids(app.getJson("/api/events?since=2999-01-01T00:00:00Z")));
    assertEquals(List.of(), ids(app.getJson("/api/events?until=2000-01-01T00:00:00Z")));
  }

  @ParameterizedTest
  @CsvSource({"limit=0, limit", "limit=501, limit", "limit=ten, limit", "before=x, before",
      "severity=loud, severity", "since=yesterday, since", "until=2026-13-01T00:00:00Z, until"})
  void badParameterIsA400NamingIt(String query, String name) {
    HttpResponse<String> response = app.get("/api/events?" + query);
    assertEquals(400, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("")
        .startsWith("application/json"));
    String error = TestAppliance.json(response.body()).get("error").asText();
    assertTrue(error.contains(name), error);
  }

  @Test
  void unknownApiRouteIsA404InJson() {
    HttpResponse<String> response = app.get("/api/nothing-here");
    assertEquals(404, response.statusCode());
    assertTrue(TestAppliance.json(response.body()).get("error").asText()
        .contains("/api/nothing-here"));
  }

  @Test
  void wrongMethodIsA405InJson() {
    HttpResponse<String> response = app.post("/api/events", "{}");
    assertEquals(405, response.statusCode());
    assertTrue(TestAppliance.json(response.body()).has("error"));
  }

  @Test
  void acknowledgeMarksAnEventAndUnknownIdsAre404() {
    long id = stored.get(0).id();
    HttpResponse<String> response = app.post("/api/events/" + id + "/ack", "");
    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = TestAppliance.json(response.body());
    assertEquals(id, body.get("id").asLong());
    assertTrue(body.get("acknowledged").asBoolean());
    assertEquals(200, app.post("/api/events/" + id + "/ack", "").statusCode(),
        "acknowledging twice is fine");

    HttpResponse<String> unknown = app.post("/api/events/999999/ack", "");
    assertEquals(404, unknown.statusCode());
    assertTrue(TestAppliance.json(unknown.body()).has("error"));
    HttpResponse<String> notANumber = app.post("/api/events/abc/ack", "");
    assertEquals(404, notANumber.statusCode());
    assertTrue(TestAppliance.json(notANumber.body()).has("error"));
  }

  @Test
  void healthzReportsEveryPart() {
    HttpResponse<String> response = app.get("/healthz");
    assertEquals(200, response.statusCode());
    JsonNode health = TestAppliance.json(response.body());
    assertEquals("ok", health.get("status").asText());
    assertEquals("ok", health.get("store").asText());
    assertEquals("up", health.get("broker").asText());
    assertEquals("live", health.get("bridge").asText());
    assertTrue(health.get("sse_clients").isInt());
    assertEquals(stored.get(stored.size() - 1).id(), health.get("last_event_id").asLong());
  }

  @Test
  void metricsAreInThePrometheusTextFormat() {
    HttpResponse<String> response = app.get("/metrics");
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("")
        .startsWith("text/plain; version=0.0.4"));
    String text = response.body();
    assertTrue(text.contains("# TYPE vigilar_events_stored_total counter\n"), text);
    assertTrue(text.contains("# TYPE vigilar_sse_clients gauge\n"), text);
    assertTrue(text.contains("# TYPE vigilar_input_problems_total counter\n"), text);
    long storedCount = text.lines().filter(l -> l.startsWith("vigilar_events_stored_total "))
        .mapToLong(l -> Long.parseLong(l.split(" ")[1])).findFirst().orElse(-1);
    assertTrue(storedCount >= stored.size(), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/index.html"})
  void pageIsServedAndRevalidatedOnEveryLoad(String path) {
    HttpResponse<String> response = app.get(path);
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElse(""));
    assertTrue(response.body().contains("id=\"timeline\""));
    assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("")
        .contains("default-src 'self'"));
    assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options")
        .orElse(""));
  }

  @ParameterizedTest
  @CsvSource({"/app.js, javascript", "/app.css, text/css"})
  void assetsAreServedWithCacheHeaders(String path, String type) {
    HttpResponse<String> response = app.get(path);
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").contains(type));
    assertEquals("public, max-age=300",
        response.headers().firstValue("Cache-Control").orElse(""));
    assertTrue(response.headers().firstValue("Last-Modified").isPresent());
  }

  @Test
  void missingFileIsA404() {
    assertEquals(404, app.get("/nothing.js").statusCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/../logback.xml", "/%2e%2e/logback.xml", "/%2E%2E/logback.xml",
      "/..%2flogback.xml", "/..%2Flogback.xml", "/web/../logback.xml", "/./../logback.xml",
      "/../../../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/..%5clogback.xml", "/logback.xml", "/db/V1.sql", "/org/vigilar/Appliance.class",
      "/web/index.html/../../logback.xml"})
  void pathTraversalFindsNothing(String rawPath) throws Exception {
    RawHttp.Response response = RawHttp.get(app.httpPort(), rawPath);
    assertEquals(404, response.status(), response.text());
    assertFalse(response.text().contains("<configuration>"), response.text());
    assertFalse(response.text().contains("root:"), response.text());
    assertFalse(response.text().contains("CREATE TABLE"), response.text());
  }
}
