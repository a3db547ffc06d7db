package org.vigilar.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import org.vigilar.events.EventPage;
import org.vigilar.events.EventQuery;
import org.vigilar.events.EventJson;
import org.vigilar.events.EventStore;
import org.vigilar.events.Severity;

/** {@code /api/events}: history with filters and paging, acknowledgement, snapshots. */
final class EventsApi {

  private static final int DEFAULT_LIMIT = 50;

  private final EventStore events;
  private final Clock clock;

  EventsApi(EventStore events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  void list(HttpServerExchange exchange) throws IOException {
    Long limit = Params.number(exchange, "limit");
    if (limit != null && (limit < 1 || limit > EventQuery.MAX_LIMIT)) {
      throw new BadRequest("limit must be between 1 and " + EventQuery.MAX_LIMIT);
    }
    String severity = Params.text(exchange, "severity");
    EventQuery query;
    try {
      query = new EventQuery(
          Params.number(exchange, "before"),
          Params.text(exchange, "type"),
          severity == null ? null : Severity.fromWire(severity),
          Params.text(exchange, "source_id"),
          Params.time(exchange, "since"),
          Params.time(exchange, "until"),
          limit == null ? DEFAULT_LIMIT : limit.intValue());
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
    EventPage page = events.query(query);
    StringWriter out = new StringWriter(256 * page.events().size() + 64);
    EventJson.page(out, page.events(), page.nextBefore());
    Json.sendRaw(exchange, 200, out.toString());
  }

  void acknowledge(HttpServerExchange exchange) {
    long id = Params.pathId(exchange);
    if (!events.acknowledge(id, clock.instant())) {
      throw new BadRequest(404, "no event with id " + id);
    }
    Json.send(exchange, 200, Map.of("id", id, "acknowledged", true));
  }

  void snapshot(HttpServerExchange exchange) {
    long id = Params.pathId(exchange);
    byte[] jpeg = events.snapshot(id)
        .orElseThrow(() -> new BadRequest(404, "event " + id + " has no snapshot"));
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "image/jpeg");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "private, max-age=86400");
    exchange.getResponseSender().send(ByteBuffer.wrap(jpeg));
  }
}
