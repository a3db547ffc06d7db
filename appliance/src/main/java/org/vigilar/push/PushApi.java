package org.vigilar.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigilar.events.EventJson;
import org.vigilar.store.Database;
import org.vigilar.web.BadRequest;
import org.vigilar.web.Json;
import org.vigilar.web.Routes;

/** {@code /api/push/*}: the public key, subscriptions, rules and test alerts. */
final class PushApi implements Routes {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final VapidKeys keys;
  private final Database db;
  private final SubscriptionStore subscriptions;
  private final Outbox outbox;
  private final RuleBook rules;
  private final TestPings tests;
  private final PushMetrics metrics;
  private final Runnable queued;
  private final Clock clock;

  PushApi(VapidKeys keys, Database db, SubscriptionStore subscriptions, Outbox outbox,
      RuleBook rules, TestPings tests, PushMetrics metrics, Runnable queued, Clock clock) {
    this.keys = keys;
    this.db = db;
    this.subscriptions = subscriptions;
    this.outbox = outbox;
    this.rules = rules;
    this.tests = tests;
    this.metrics = metrics;
    this.queued = queued;
    this.clock = clock;
  }

  @Override
  public void register(RoutingHandler routing) {
    routing.get("/api/push/public-key", this::publicKey);
    routing.get("/api/push/subscriptions", this::list);
    routing.post("/api/push/subscriptions", this::add);
    routing.delete("/api/push/subscriptions", this::remove);
    routing.get("/api/push/rules", this::getRules);
    routing.put("/api/push/rules", this::putRules);
    routing.post("/api/push/test", this::test);
    routing.post("/api/push/test/{id}/shown", this::shown);
  }

  private void publicKey(HttpServerExchange exchange) {
    Json.send(exchange, 200, Map.of("publicKey", keys.publicKey()));
  }

  private void list(HttpServerExchange exchange) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (Subscription sub : subscriptions.all()) {
      all.add(view(sub));
    }
    Json.send(exchange, 200, Map.of("subscriptions", all));
  }

  private void add(HttpServerExchange exchange) throws IOException {
    NewSubscription request = NewSubscription.parse(body(exchange));
    Subscription saved = subscriptions.save(request, clock.instant());
    Json.send(exchange, 201, view(saved));
  }

  private void remove(HttpServerExchange exchange) throws IOException {
    String id = targetId(exchange, true)
        .orElseThrow(() -> new BadRequest("give the endpoint (or id) to remove"));
    if (!subscriptions.delete(id)) {
      throw new BadRequest(404, "no such subscription");
    }
    Json.send(exchange, 200, Map.of("id", id, "deleted", true));
  }

  private void getRules(HttpServerExchange exchange) {
    Json.sendRaw(exchange, 200, rules.get().toJson().toString());
  }

  private void putRules(HttpServerExchange exchange) throws IOException {
    try {
      Json.sendRaw(exchange, 200, rules.update(body(exchange)).toJson().toString());
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  /** Queues a test alert to one subscription (by endpoint or id) or, without one, to all. */
  private void test(HttpServerExchange exchange) throws IOException {
    Optional<String> only = targetId(exchange, false);
    String testId = tests.start();
    Alert alert = AlertMessages.test(testId, clock.instant());
    Instant now = clock.instant();
    int rows = db.write(tx -> {
      List<Subscription> to = subscriptions.deliverable(tx).stream()
          .filter(s -> only.isEmpty() || s.id().equals(only.get()))
          .toList();
      return outbox.add(tx, alert, to, now);
    });
    if (only.isPresent() && rows == 0) {
      throw new BadRequest(404, "no such subscription, or it is gone; enable alerts again");
    }
    metrics.queued(rows);
    queued.run();
    Json.send(exchange, 202, Map.of("test_id", testId, "queued", rows));
  }

  /** The service worker reports that a test alert is on screen. */
  private void shown(HttpServerExchange exchange) {
    String id = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters()
        .get("id");
    Duration elapsed = tests.shown(id)
        .orElseThrow(() -> new BadRequest(404, "no test alert waiting with that id"));
    metrics.displayed(elapsed);
    Json.send(exchange, 200, Map.of("test_id", id, "elapsed_ms", elapsed.toMillis()));
  }

  /** The subscription named by {@code ?id=}, {@code ?endpoint=} or a JSON body. */
  private Optional<String> targetId(HttpServerExchange exchange, boolean required)
      throws IOException {
    String id = query(exchange, "id");
    if (id != null) {
      return Optional.of(id);
    }
    String endpoint = query(exchange, "endpoint");
    if (endpoint == null) {
      JsonNode body = body(exchange, required);
      if (body != null && body.hasNonNull("id") && body.get("id").isTextual()) {
        return Optional.of(body.get("id").asText());
      }
      JsonNode value = body == null ? null : body.get("endpoint");
      endpoint = value != null && value.isTextual() ? value.asText() : null;
    }
    return endpoint == null || endpoint.isBlank() ? Optional.empty()
        : Optional.of(Endpoints.idOf(endpoint.strip()));
  }

  private static String query(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    String value = values == null ? null : values.peekFirst();
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static JsonNode body(HttpServerExchange exchange) throws IOException {
    return body(exchange, true);
  }

  private static JsonNode body(HttpServerExchange exchange, boolean required) throws IOException {
    byte[] bytes = exchange.getInputStream().readAllBytes();
    if (bytes.length == 0) {
      if (required) {
        throw new BadRequest("a JSON body is required");
      }
      return null;
    }
    try {
      return JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new BadRequest("body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static Map<String, Object> view(Subscription sub) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", sub.id());
    view.put("label", sub.label());
    view.put("service", sub.service());
    view.put("status", sub.status().wireName());
    view.put("created", time(sub.createdAt()));
    view.put("last_success", time(sub.lastSuccessAt()));
    view.put("last_failure", time(sub.lastFailureAt()));
    view.put("last_error", sub.lastError());
    return view;
  }

  private static String time(Instant instant) {
    return instant == null ? null : EventJson.TIMESTAMP.format(instant);
  }
}
