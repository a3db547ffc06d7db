package org.vigilar.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.store.Database;

class WebSessionsTest {

  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  private final AtomicLong now = new AtomicLong(1_000);
  private final WebSessions sessions = new WebSessions(new WebSessions.Policy(
      Duration.ofMinutes(10), Duration.ofMinutes(30), 3), new SecureRandom(), now::get);

  @Test
  void aSessionEndsAfterItsIdleTime() {
    String id = sessions.create(1).id().reveal();
    now.addAndGet(9 * MINUTE);
    assertTrue(sessions.find(id).isPresent());
    now.addAndGet(9 * MINUTE);
    assertTrue(sessions.find(id).isPresent(), "each request restarts the idle time");
    now.addAndGet(10 * MINUTE);
    assertFalse(sessions.find(id).isPresent());
  }

  @Test
  void aSessionEndsAfterItsAbsoluteLifetimeHoweverBusy() {
    String id = sessions.create(1).id().reveal();
    for (int i = 0; i < 5; i++) {
      now.addAndGet(5 * MINUTE);
      assertTrue(sessions.find(id).isPresent());
    }
    now.addAndGet(5 * MINUTE);
    assertFalse(sessions.find(id).isPresent());
  }

  @Test
  void logoutAndPasswordChangesEndSessions() {
    WebSessions.Issued one = sessions.create(1);
    WebSessions.Issued two = sessions.create(1);
    sessions.end(one.session());
    assertFalse(sessions.find(one.id().reveal()).isPresent());
    assertTrue(sessions.find(two.id().reveal()).isPresent());
    sessions.endAll();
    assertEquals(0, sessions.size());
  }

  @Test
  void theOldestSessionMakesRoomBeyondTheLimit() {
    String oldest = sessions.create(1).id().reveal();
    sessions.create(1);
    sessions.create(1);
    sessions.create(1);
    assertEquals(3, sessions.size());
    assertFalse(sessions.find(oldest).isPresent());
  }

  @Test
  void idsAndCsrfTokensAreRandomAndRedacted() {
    WebSessions.Issued a = sessions.create(1);
    WebSessions.Issued b = sessions.create(1);
    assertNotEquals(a.id(), b.id());
    assertNotEquals(a.session().csrfToken(), b.session().csrfToken());
    assertEquals(43, a.id().reveal().length());
    assertFalse(a.toString().contains(a.id().reveal()));
    assertFalse(sessions.find("unknown").isPresent());
  }

  @Test
  void storedSessionsSurviveARestartAndStillExpire(@TempDir Path dir) {
    WebSessions.Policy policy = new WebSessions.Policy(
        Duration.ofMinutes(10), Duration.ofMinutes(30), 3);
    Instant start = Instant.parse("2026-12-03T12:00:00Z");
    String kept;
    String ended;
    try (Database db = Database.open(dir.resolve("v.db"))) {
      WebSessions before = WebSessions.stored(policy, new SecureRandom(), now::get,
          Clock.fixed(start, ZoneOffset.UTC), db);
      kept = before.create(1).id().reveal();
      WebSessions.Issued out = before.create(1);
      ended = out.id().reveal();
      before.end(out.session());
    }

    try (Database db = Database.open(dir.resolve("v.db"))) {
      // A new process: its monotonic clock starts elsewhere; five minutes of wall time passed.
      AtomicLong later = new AtomicLong(-7_000_000_000L);
      WebSessions after = WebSessions.stored(policy, new SecureRandom(), later::get,
          Clock.fixed(start.plus(Duration.ofMinutes(5)), ZoneOffset.UTC), db);
      assertTrue(after.find(kept).isPresent(), "a signed-in browser stays signed in");
      assertFalse(after.find(ended).isPresent(), "a logout stays a logout");
      later.addAndGet(11 * MINUTE);
      assertFalse(after.find(kept).isPresent(), "the idle time still counts");
    }
  }
}
