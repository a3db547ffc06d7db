package org.vigilar.security;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.vigilar.metrics.Metrics;
import org.vigilar.store.Database;
import org.vigilar.web.Routes;

/**
 * Sign-in for the web app, assembled: the administrator account, sessions, API tokens, the
 * guard in front of every route and the login routes.
 */
public final class WebAccess {

  private final AdminAccount admin;
  private final ApiTokens tokens;
  private final WebSessions sessions;
  private final WebGuard guard;
  private final AuthRoutes routes;

  private WebAccess(AdminAccount admin, ApiTokens tokens, WebSessions sessions, WebGuard guard,
      AuthRoutes routes) {
    this.admin = admin;
    this.tokens = tokens;
    this.sessions = sessions;
    this.guard = guard;
    this.routes = routes;
  }

  /**
   * Builds the parts and settles the administrator password (see
   * {@link AdminAccount#atStart}).
   *
   * @param signInFacts what the sign-in page may know before sign-in ({@code GET /api/login})
   * @throws IllegalArgumentException when a preset password is unusable
   */
  public static WebAccess create(Database db, Metrics metrics, Clock clock, SecureRandom random,
      LongSupplier nanos, AdminBootstrap bootstrap, Path dataDir, WebGuard.Options options,
      Supplier<? extends Map<String, ?>> signInFacts) {
    AdminAccount admin = new AdminAccount(db, clock, random, nanos);
    admin.atStart(bootstrap, dataDir);
    ApiTokens tokens = new ApiTokens(db, clock, random);
    WebSessions sessions = WebSessions.stored(WebSessions.Policy.defaults(), random, nanos, clock,
        db);
    WebGuard guard = new WebGuard(sessions, tokens, admin, metrics, options);
    AuthRoutes routes = new AuthRoutes(admin, sessions,
        new FailureLimiter(FailureLimiter.Limits.logins()), metrics, nanos, signInFacts);
    return new WebAccess(admin, tokens, sessions, guard, routes);
  }

  public AdminAccount admin() {
    return admin;
  }

  public ApiTokens tokens() {
    return tokens;
  }

  public WebSessions sessions() {
    return sessions;
  }

  /** The filter to hand to the web server as its guard. */
  public WebGuard guard() {
    return guard;
  }

  /** {@code /api/login} (GET and POST), {@code /api/logout}, {@code /api/session}. */
  public Routes routes() {
    return routes;
  }
}
