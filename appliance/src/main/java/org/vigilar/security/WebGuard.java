package org.vigilar.security;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.metrics.Metrics;
import org.vigilar.web.Json;
import org.vigilar.web.JsonBody;
import org.vigilar.web.WebServer;

/**
 * The web server's gate: every API route, {@code /events/stream} and {@code /metrics} need a
 * signed-in session (cookie) or an API token ({@code Authorization: Bearer}); the app's static
 * files, {@code /healthz}, {@code /api/login} and the CA certificate {@code /api/tls/ca.pem}
 * do not.
 *
 * <p>State-changing requests made with a session cookie must also say their body is JSON or
 * carry the session's CSRF token: a foreign page can make a browser send neither without a CORS
 * preflight, which the appliance never grants. A foreign {@code Origin} is refused outright.
 */
public final class WebGuard implements UnaryOperator<HttpHandler> {

  public static final String COOKIE = "vigilar_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  /** Who made the request, for routes that need to know (logout). */
  public static final AttachmentKey<Principal> PRINCIPAL = AttachmentKey.create(Principal.class);

  private static final Logger log = LoggerFactory.getLogger(WebGuard.class);
  /** API paths that need no session, matched exactly. */
  private static final Set<String> PUBLIC_API = Set.of("/api/login", "/api/tls/ca.pem");
  /** Paths still served over plain HTTP when HTTP redirects to HTTPS. */
  private static final Set<String> PLAIN_HTTP_PATHS = Set.of("/healthz", "/api/tls/ca.pem");
  private static final Set<String> PROTECTED_PREFIXES = Set.of("/api", "/events", "/metrics");
  private static final Pattern HOST = Pattern.compile("\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]{1,253}");

  /**
   * The authenticated caller.
   *
   * @param name {@code admin} for a session, the token's name for a token
   * @param session the browser session, or null for a token
   */
  public record Principal(String name, WebSessions.Session session) {
  }

  /**
   * @param redirectHttp send plain HTTP requests to HTTPS (except health and the CA)
   * @param httpsPort the bound HTTPS port, read per request; -1 without HTTPS
   */
  public record Options(boolean redirectHttp, IntSupplier httpsPort) {
  }

  private final WebSessions sessions;
  private final ApiTokens tokens;
  private final AdminAccount admin;
  private final Metrics metrics;
  private final Options options;

  public WebGuard(WebSessions sessions, ApiTokens tokens, AdminAccount admin, Metrics metrics,
      Options options) {
    this.sessions = sessions;
    this.tokens = tokens;
    this.admin = admin;
    this.metrics = metrics;
    this.options = options;
    metrics.describe("vigilar_web_unauthorized_total",
        "Requests refused for want of a session or token");
    metrics.describe("vigilar_web_csrf_rejected_total",
        "State-changing requests refused: no JSON content type or CSRF token, or foreign origin");
  }

  @Override
  public HttpHandler apply(HttpHandler next) {
    return new Gate(next);
  }

  /** True when {@code path} needs a session or token. */
  public static boolean isProtected(String path) {
    if (PUBLIC_API.contains(path)) {
      return false;
    }
    String folded = path.toLowerCase(Locale.ROOT).replaceAll("/{2,}", "/");
    for (String prefix : PROTECTED_PREFIXES) {
      if (folded.equals(prefix) || folded.startsWith(prefix + "/")) {
        return true;
      }
    }
    return false;
  }

  private final class Gate implements HttpHandler {

    private final HttpHandler next;

    Gate(HttpHandler next) {
      this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
      String path = exchange.getRequestPath();
      if (shouldRedirect(exchange, path)) {
        redirect(exchange);
        return;
      }
      if (exchange.getRequestContentLength() > WebServer.MAX_BODY_BYTES) {
        Json.error(exchange, 413, "the request body is larger than " + WebServer.MAX_BODY_BYTES
            + " bytes");
        return;
      }
      if (!isProtected(path)) {
        next.handleRequest(exchange);
        return;
      }
      if (exchange.isInIoThread()) {
        // Token and password-revision checks read the store: never on an I/O thread.
        exchange.dispatch(this);
        return;
      }
      Optional<Principal> principal = authenticate(exchange);
      if (principal.isEmpty()) {
        metrics.counter("vigilar_web_unauthorized_total").increment();
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"vigilar\"");
        Json.error(exchange, 401, "sign in required");
        return;
      }
      if (principal.get().session() != null && !passesCsrf(exchange, principal.get().session())) {
        metrics.counter("vigilar_web_csrf_rejected_total").increment();
        Json.error(exchange, 403, "state-changing requests need Content-Type: application/json"
            + " or an " + CSRF_HEADER + " header, from this appliance's own pages");
        return;
      }
      exchange.putAttachment(PRINCIPAL, principal.get());
      next.handleRequest(exchange);
    }
  }

  private boolean shouldRedirect(HttpServerExchange exchange, String path) {
    return options.redirectHttp() && !exchange.getRequestScheme().equals("https")
        && options.httpsPort().getAsInt() > 0 && !PLAIN_HTTP_PATHS.contains(path);
  }

  private void redirect(HttpServerExchange exchange) {
    String host = exchange.getHostName();
    if (host == null || !HOST.matcher(host).matches()) {
      Json.error(exchange, 400, "use https:// to reach this appliance");
      return;
    }
    String query = exchange.getQueryString();
    String target = "https://" + host + ":" + options.httpsPort().getAsInt()
        + exchange.getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query);
    exchange.setStatusCode(308);
    exchange.getResponseHeaders().put(Headers.LOCATION, target);
    exchange.endExchange();
  }

  private Optional<Principal> authenticate(HttpServerExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens.verify(authorization.substring(7).strip())
          .map(name -> new Principal(name, null));
    }
    Cookie cookie = exchange.getRequestCookie(COOKIE);
    if (cookie == null) {
      return Optional.empty();
    }
    Optional<WebSessions.Session> session = sessions.find(cookie.getValue());
    if (session.isEmpty()) {
      return Optional.empty();
    }
    if (session.get().adminRevision() != admin.revision()) {
      // The password changed since this browser signed in.
      sessions.end(session.get());
      log.debug("Session ended: the administrator password changed");
      return Optional.empty();
    }
    return Optional.of(new Principal("admin", session.get()));
  }

  private static boolean passesCsrf(HttpServerExchange exchange, WebSessions.Session session) {
    HttpString method = exchange.getRequestMethod();
    if (method.equals(Methods.GET) || method.equals(Methods.HEAD)
        || method.equals(Methods.OPTIONS)) {
      return true;
    }
    if (!sameOrigin(exchange)) {
      return false;
    }
    if (JsonBody.isJson(exchange)) {
      return true;
    }
    String token = exchange.getRequestHeaders().getFirst(CSRF_HEADER);
    return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        session.csrfToken().getBytes(StandardCharsets.UTF_8));
  }

  /** An {@code Origin}, when sent, must name the host the request was sent to. */
  private static boolean sameOrigin(HttpServerExchange exchange) {
    String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
    if (origin == null) {
      return true;
    }
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    try {
      URI uri = new URI(origin);
      if (uri.getHost() == null || host == null) {
        return false;
      }
      String originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return originHost.equalsIgnoreCase(host) || originHost.equalsIgnoreCase(
          host + ":" + (exchange.getRequestScheme().equals("https") ? 443 : 80));
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
