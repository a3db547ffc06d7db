package org.vigilar.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Signed-in browsers. A session id is 256 random bits held only by the browser (in an HttpOnly
 * cookie); the appliance keeps a SHA-256 of it, so a heap dump does not reveal live ids.
 *
 * <p>A session ends after {@code idle} without a request, after {@code absolute} in any case, at
 * logout, and when the administrator password changes. Sessions live in memory: a restart signs
 * everybody out.
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

  private final Policy policy;
  private final SecureRandom random;
  private final LongSupplier nanos;
  /** By SHA-256 of the id, in creation order so the oldest is evicted first. */
  private final Map<String, Session> sessions = new LinkedHashMap<>();

  public WebSessions(Policy policy, SecureRandom random, LongSupplier nanos) {
    this.policy = policy;
    this.random = random;
    this.nanos = nanos;
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
      oldest.next();
      oldest.remove();
    }
    String id = Secrets.urlSafe(random, 32);
    Session session = new Session(Secrets.sha256Hex(id), Secrets.urlSafe(random, 24), now,
        adminRevision);
    sessions.put(session.key, session);
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
      return Optional.empty();
    }
    session.lastUsed = now;
    return Optional.of(session);
  }

  /** Ends one session (logout). */
  public synchronized void end(Session session) {
    sessions.remove(session.key);
  }

  /** Ends every session, such as after a password change. */
  public synchronized void endAll() {
    sessions.clear();
  }

  public synchronized int size() {
    return sessions.size();
  }

  private boolean expired(Session session, long now) {
    return now - session.lastUsed >= policy.idle().toNanos()
        || now - session.created >= policy.absolute().toNanos();
  }

  private void purge(long now) {
    sessions.values().removeIf(s -> expired(s, now));
  }
}
