package org.vigilar.web;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.config.WebSettings;
import org.vigilar.metrics.Metrics;

/**
 * The Undertow server: the browser app, the SSE stream, the JSON API, health and metrics.
 *
 * <p>It needs no broker: history and the API come from the store, and the live stream is fed
 * by whoever calls the {@link SseHub}.
 */
public final class WebServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebServer.class);
  /** API requests carry small JSON documents. */
  public static final long MAX_BODY_BYTES = 64 * 1024;

  private final WebSettings settings;
  private final SseHub hub;
  private final Undertow undertow;
  private final GracefulShutdownHandler shutdown;

  /**
   * @param guard wraps the routed handler, e.g. with authentication; identity for none
   * @param tls the context of the HTTPS listener, or null for plain HTTP only
   */
  public WebServer(WebSettings settings, SseHub hub, List<Routes> features, Metrics metrics,
      HealthCheck health, UnaryOperator<HttpHandler> guard, SSLContext tls) {
    this.settings = settings;
    this.hub = hub;

    RoutingHandler routing = Handlers.routing(false);
    routing.get("/events/stream", hub.handler());
    routing.get("/healthz", api(exchange -> health(exchange, health)));
    routing.get("/metrics", api(exchange -> {
      exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE,
          "text/plain; version=0.0.4; charset=utf-8");
      exchange.getResponseSender().send(metrics.render());
    }));
    RoutingHandler apiRoutes = Handlers.routing(false);
    for (Routes feature : features) {
      feature.register(apiRoutes);
    }
    apiRoutes.setFallbackHandler(exchange -> Json.error(exchange, 404, "no such API route: "
        + exchange.getRequestPath()));
    apiRoutes.setInvalidMethodHandler(exchange -> Json.error(exchange, 405,
        exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestPath()));
    HttpHandler apiHandler = api(apiRoutes);

    StaticFiles files = new StaticFiles(WebServer.class.getClassLoader());
    routing.setFallbackHandler(exchange -> {
      if (exchange.getRequestPath().startsWith("/api/")) {
        apiHandler.handleRequest(exchange);
      } else {
        files.handleRequest(exchange);
      }
    });
    routing.setInvalidMethodHandler(exchange -> Json.error(exchange, 405,
        exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestPath()));

    this.shutdown = Handlers.gracefulShutdown(new SecurityHeaders(guard.apply(routing)));
    Undertow.Builder builder = Undertow.builder()
        .setIoThreads(2)
        .setWorkerThreads(8)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_BODY_BYTES)
        .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
        .addHttpListener(settings.httpPort(), settings.host())
        .setHandler(shutdown);
    if (tls != null && settings.httpsPort() >= 0) {
      builder.addHttpsListener(settings.httpsPort(), settings.host(), tls);
    }
    this.undertow = builder.build();
  }

  /** Wraps a handler that may block (JDBC) and may throw {@link BadRequest}. */
  private static HttpHandler api(HttpHandler handler) {
    return new BlockingHandler(new ErrorHandler(handler));
  }

  private static void health(io.undertow.server.HttpServerExchange exchange, HealthCheck check) {
    Map<String, Object> body = new LinkedHashMap<>();
    boolean ready = check.ready();
    body.put("status", ready ? "ok" : "unavailable");
    body.putAll(check.details());
    Json.send(exchange, ready ? 200 : 503, body);
  }

  public void start() {
    undertow.start();
    log.info("Web server listening on http://{}:{}/{}", settings.host(), httpPort(),
        httpsPort() > 0 ? " and https port " + httpsPort() : "");
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return port("http");
  }

  /** The bound HTTPS port, or -1 without TLS. */
  public int httpsPort() {
    return port("https");
  }

  private int port(String protocol) {
    return undertow.getListenerInfo().stream()
        .filter(l -> l.getProtcol().equals(protocol))
        .map(l -> ((InetSocketAddress) l.getAddress()).getPort())
        .findFirst()
        .orElse(-1);
  }

  /** Closes the SSE streams first: graceful shutdown would otherwise wait for them. */
  @Override
  public void close() {
    hub.close();
    shutdown.shutdown();
    try {
      if (!shutdown.awaitShutdown(2000)) {
        log.warn("Web requests still running after 2 s; stopping anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    undertow.stop();
    log.info("Web server stopped");
  }
}
