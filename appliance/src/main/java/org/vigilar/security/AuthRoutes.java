package org.vigilar.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.metrics.Metrics;
import org.vigilar.web.BadRequest;
import org.vigilar.web.Json;
import org.vigilar.web.JsonBody;
import org.vigilar.web.Routes;

/**
 * {@code POST /api/login}, {@code POST /api/logout} and {@code GET /api/session}, and
 * {@code GET /api/login}: what the sign-in page may know before sign-in (where HTTPS is and
 * which CA to trust, for its banner on plain HTTP).
 *
 * <p>Failed logins are limited per client address (429 with {@code Retry-After}); at most two
 * password checks run at once, so a flood of logins cannot take every worker thread.
 */
public final class AuthRoutes implements Routes {

  private static final Logger log = LoggerFactory.getLogger(AuthRoutes.class);
  private static final int MAX_PASSWORD_LENGTH = 1024;

  private final AdminAccount admin;
  private final WebSessions sessions;
  private final FailureLimiter limiter;
  private final Metrics metrics;
  private final LongSupplier nanos;
  private final Supplier<? extends Map<String, ?>> signInFacts;
  private final Semaphore checks = new Semaphore(2);

  /**
   * @param signInFacts the answer to {@code GET /api/login}, read per request; nothing secret,
   *     since anyone may ask
   */
  public AuthRoutes(AdminAccount admin, WebSessions sessions, FailureLimiter limiter,
      Metrics metrics, LongSupplier nanos, Supplier<? extends Map<String, ?>> signInFacts) {
    this.admin = admin;
    this.sessions = sessions;
    this.limiter = limiter;
    this.metrics = metrics;
    this.nanos = nanos;
    this.signInFacts = signInFacts;
    metrics.describe("vigilar_web_login_failures_total", "Logins with a wrong password");
    metrics.describe("vigilar_web_login_limited_total",
        "Logins refused with 429 because of earlier failures or too many at once");
  }

  @Override
  public void register(RoutingHandler routing) {
    routing.get("/api/login", exchange -> Json.send(exchange, 200, signInFacts.get()));
    routing.post("/api/login", this::login);
    routing.post("/api/logout", this::logout);
    routing.get("/api/session", this::session);
  }

  private void login(HttpServerExchange exchange) {
    String client = clientAddress(exchange);
    long locked = limiter.lockedFor(client, nanos.getAsLong());
    if (locked > 0) {
      tooMany(exchange, FailureLimiter.retryAfterSeconds(locked));
      return;
    }
    JsonNode body = JsonBody.object(exchange);
    String password = JsonBody.text(body, "password");
    if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD_LENGTH) {
      throw new BadRequest("password is required");
    }
    if (!checks.tryAcquire()) {
      tooMany(exchange, 1);
      return;
    }
    boolean valid;
    char[] chars = password.toCharArray();
    try {
      valid = admin.verify(chars);
    } finally {
      PasswordHash.wipe(chars);
      checks.release();
    }
    if (!valid) {
      limiter.failure(client, nanos.getAsLong());
      metrics.counter("vigilar_web_login_failures_total").increment();
      log.debug("Failed login from {}", client);
      Json.error(exchange, 401, "wrong password");
      return;
    }
    limiter.success(client);
    WebSessions.Issued issued = sessions.create(admin.revision());
    long maxAge = sessions.policy().absolute().toSeconds();
    exchange.getResponseHeaders().add(Headers.SET_COOKIE,
        cookie(issued.id().reveal(), maxAge, secure(exchange)));
    log.info("Administrator signed in from {}", client);
    Json.send(exchange, 200, state(issued.session(), "session"));
  }

  private void logout(HttpServerExchange exchange) {
    WebGuard.Principal principal = exchange.getAttachment(WebGuard.PRINCIPAL);
    if (principal != null && principal.session() != null) {
      sessions.end(principal.session());
    }
    exchange.getResponseHeaders().add(Headers.SET_COOKIE, cookie("", 0, secure(exchange)));
    Json.send(exchange, 200, Map.of("authenticated", false));
  }

  private void session(HttpServerExchange exchange) {
    WebGuard.Principal principal = exchange.getAttachment(WebGuard.PRINCIPAL);
    Json.send(exchange, 200, principal.session() == null
        ? Map.of("authenticated", true, "via", "token", "name", principal.name())
        : state(principal.session(), "session"));
  }

  private static Map<String, Object> state(WebSessions.Session session, String via) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("authenticated", true);
    body.put("via", via);
    body.put("csrf_token", session.csrfToken());
    return body;
  }

  private void tooMany(HttpServerExchange exchange, long seconds) {
    metrics.counter("vigilar_web_login_limited_total").increment();
    exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(seconds));
    Json.error(exchange, 429, "too many failed sign-ins; try again in " + seconds + " s");
  }

  private static boolean secure(HttpServerExchange exchange) {
    return exchange.getRequestScheme().equals("https");
  }

  /** The peer's address; a proxy's forwarding headers are not trusted. */
  static String clientAddress(HttpServerExchange exchange) {
    InetSocketAddress peer = exchange.getSourceAddress();
    return peer == null || peer.getAddress() == null ? "unknown"
        : peer.getAddress().getHostAddress();
  }

  static String cookie(String value, long maxAgeSeconds, boolean secure) {
    return WebGuard.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
  }
}
