package org.vigilar.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.store.StoreException;

/**
 * Signed-in browsers. A session id is 256 random bits held only by the browser (in an HttpOnly
 * cookie); the appliance keeps a SHA-256 of it, so a heap dump does not reveal live ids.
 *
 * <p>A session ends after {@code idle} without a request, after {@code absolute} in any case, at
 * logout, and when the administrator password changes. With a {@link Store}, sessions are also
 * kept in the database so that a restart or a power cut does not sign everybody out; the last
 * use is written at most once a minute per session, not at every request.
 */
public final class WebSessions {

  /** Lifetimes and the number of sessions kept at most (the oldest is dropped beyond it). */
  public record Policy(Duration idle, Duration absolute, int maxSessions) {

    public Policy {
      if (idle.isNegative() || idle.isZero() || absolute.compareTo(idle) < 0 || maxSessions < 1) {
        throw new IllegalArgumentException("need 0 < idle <= absolute and maxSessions >= 1, were "
            + idle + ", " + absolute + ", " + maxSessions);
      }
    }

    /** Twelve hours idle, seven days at most: a wall tablet showing the timeline stays in. */
    public static Policy defaults() {
      return new Policy(Duration.ofHours(12), Duration.ofDays(7), 256);
    }
  }

  /** A live session as the guard sees it. */
  public static final class Session {
    private final String key;
    private final String csrfToken;
    private final long created;
    private final long adminRevision;
    private long lastUsed;

    private Session(String key, String csrfToken, long created, long adminRevision) {
      this.key = key;
      this.csrfToken = csrfToken;
      this.created = created;
      this.adminRevision = adminRevision;
      this.lastUsed = created;
    }

    /** The token a client may send as {@code X-CSRF-Token} instead of a JSON content type. */
    public String csrfToken() {
      return csrfToken;
    }

    public long adminRevision() {
      return adminRevision;
    }

    @Override
    public String toString() {
      return "Session[***]";
    }
  }

  /** A new session and the id to put in the cookie. */
  public record Issued(Secret id, Session session) {
  }

  /**
   * A session as stored: wall-clock times, since the monotonic clock restarts with the JVM.
   *
   * @param key the SHA-256 of the session id
   */
  public record Row(String key, String csrfToken, long createdMillis, long lastUsedMillis,
      long adminRevision) {

    @Override
    public String toString() {
      return "Row[***]";
    }
  }

  /** Where sessions are kept across restarts. */
  public interface Store {

    /** A store that keeps nothing: sessions end with the process. */
    Store NONE = new Store() {
      @Override
      public List<Row> load() {
        return List.of();
      }

      @Override
      public void saved(Row row) {
      }

      @Override
      public void touched(String key, long lastUsedMillis) {
      }

      @Override
      public void ended(String key) {
      }

      @Override
      public void endedAll() {
      }
    };

    List<Row> load();

    void saved(Row row);

    void touched(String key, long lastUsedMillis);

    void ended(String key);

    void endedAll();
  }

  private static final Logger log = LoggerFactory.getLogger(WebSessions.class);
  private static final long TOUCH_WRITE_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Policy policy;
  private final SecureRandom random;
  private final LongSupplier nanos;
  private final Clock clock;
  private final Store store;
  /** By SHA-256 of the id, in creation order so the oldest is evicted first. */
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  /** When each session's last use was last written, on the monotonic clock. */
  private final Map<String, Long> written = new LinkedHashMap<>();

  /** Sessions in memory only. */
  public WebSessions(Policy policy, SecureRandom random, LongSupplier nanos) {
    this(policy, random, nanos, Clock.systemUTC(), Store.NONE);
  }

  /** Sessions kept in {@code store}; those still valid are loaded now. */
  public WebSessions(Policy policy, SecureRandom random, LongSupplier nanos, Clock clock,
      Store store) {
    this.policy = policy;
    this.random = random;
    this.nanos = nanos;
    this.clock = clock;
    this.store = store;
    restore();
  }

  /** Database-backed sessions. */
  static WebSessions stored(Policy policy, SecureRandom random, LongSupplier nanos, Clock clock,
      org.vigilar.store.Database db) {
    return new WebSessions(policy, random, nanos, clock, new SessionTable(db));
  }

  private void restore() {
    long nowNanos = nanos.getAsLong();
    long nowMillis = clock.millis();
    for (Row row : store.load()) {
      long created = nowNanos - TimeUnit.MILLISECONDS.toNanos(nowMillis - row.createdMillis());
      Session session = new Session(row.key(), row.csrfToken(), created, row.adminRevision());
      session.lastUsed = nowNanos
          - TimeUnit.MILLISECONDS.toNanos(Math.max(0, nowMillis - row.lastUsedMillis()));
      if (expired(session, nowNanos)) {
        quietly(() -> store.ended(row.key()));
      } else {
        sessions.put(row.key(), session);
        written.put(row.key(), session.lastUsed);
      }
    }
  }

  public Policy policy() {
    return policy;
  }

  /** Opens a session for the administrator whose password has {@code adminRevision}. */
  public synchronized Issued create(long adminRevision) {
    long now = nanos.getAsLong();
    purge(now);
    while (sessions.size() >= policy.maxSessions()) {
      Iterator<String> oldest = sessions.keySet().iterator();
      String key = oldest.next();
      oldest.remove();
      forget(key);
    }
    String id = Secrets.urlSafe(random, 32);
    Session session = new Session(Secrets.sha256Hex(id), Secrets.urlSafe(random, 24), now,
        adminRevision);
    sessions.put(session.key, session);
    written.put(session.key, now);
    long millis = clock.millis();
    quietly(() -> store.saved(new Row(session.key, session.csrfToken, millis, millis,
        adminRevision)));
    return new Issued(new Secret(id), session);
  }

  /** The live session with this id, marking it used; empty when unknown or expired. */
  public synchronized Optional<Session> find(String id) {
    if (id == null || id.isEmpty() || id.length() > 100) {
      return Optional.empty();
    }
    long now = nanos.getAsLong();
    String key = Secrets.sha256Hex(id);
    Session session = sessions.get(key);
    if (session == null) {
      return Optional.empty();
    }
    if (expired(session, now)) {
      sessions.remove(key);
      forget(key);
      return Optional.empty();
    }
    session.lastUsed = now;
    Long lastWritten = written.get(key);
    if (lastWritten == null || now - lastWritten >= TOUCH_WRITE_NANOS) {
      written.put(key, now);
      long millis = clock.millis();
      quietly(() -> store.touched(key, millis));
    }
    return Optional.of(session);
  }

  /** Ends one session (logout). */
  public synchronized void end(Session session) {
    sessions.remove(session.key);
    forget(session.key);
  }

  /** Ends every session, such as after a password change. */
  public synchronized void endAll() {
    sessions.clear();
    written.clear();
    quietly(store::endedAll);
  }

  public synchronized int size() {
    return sessions.size();
  }

  private boolean expired(Session session, long now) {
    return now - session.lastUsed >= policy.idle().toNanos()
        || now - session.created >= policy.absolute().toNanos();
  }

  private void purge(long now) {
    for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
      Session session = it.next();
      if (expired(session, now)) {
        it.remove();
        forget(session.key);
      }
    }
  }

  private void forget(String key) {
    written.remove(key);
    quietly(() -> store.ended(key));
  }

  /** A session write that fails costs at most a sign-in after a restart; it is never fatal. */
  private static void quietly(Runnable write) {
    try {
      write.run();
    } catch (StoreException e) {
      log.warn("Could not keep web sessions in the database: {}", e.getMessage());
    }
  }
}
