package org.vigilar.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.store.Database;
import org.vigilar.store.StoreException;

class EventStoreTest {

  private static final Instant T0 = Instant.parse("2026-12-03T12:00:00.123Z");

  @TempDir
  Path dir;

  private Database db;
  private EventStore store;
  private final List<Event> all = new ArrayList<>();

  @BeforeEach
  void openStore() {
    db = Database.open(dir.resolve("vigilar.db"));
    store = new EventStore(db);
    // Ten events one minute apart: alternating types, severities and sources.
    List<EventDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      drafts.add(new EventDraft(T0.plus(Duration.ofMinutes(i)),
          i % 2 == 0 ? "motion" : "contact_open",
          i % 3 == 0 ? Severity.WARNING : Severity.INFO,
          i < 5 ? "hall" : "door",
          "{\"state\":\"on\",\"n\":" + i + "}"));
    }
    all.addAll(store.append(drafts));
  }

  @AfterEach
  void closeStore() {
    db.close();
  }

  private static List<Long> ids(EventPage page) {
    return page.events().stream().map(Event::id).toList();
  }

  private List<Long> idsWhere(java.util.function.Predicate<Event> filter) {
    List<Long> ids = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (filter.test(all.get(i))) {
        ids.add(all.get(i).id());
      }
    }
    return ids;
  }

  private static EventQuery query(Long before, String type, Severity severity, String source,
      Instant since, Instant until, int limit) {
    return new EventQuery(before, type, severity, source, since, until, limit);
  }

  @Test
  void appendAssignsStrictlyIncreasingIdsAndKeepsEveryField() {
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i).id() > all.get(i - 1).id());
    }
    Event first = store.after(0, 1).get(0);
    assertEquals(all.get(0), first);
    assertEquals(T0, first.ts());
    assertEquals("{\"state\":\"on\",\"n\":0}", first.payloadJson());
    assertEquals(all.get(all.size() - 1).id(), store.latestId());
  }

  @Test
  void latestQueryIsNewestFirst() {
    EventPage page = store.query(EventQuery.latest(50));
    assertEquals(idsWhere(e -> true), ids(page));
    assertNull(page.nextBefore());
  }

  @Test
  void pagingWithNextBeforeWalksEveryEventOnce() {
    List<Long> seen = new ArrayList<>();
    Long before = null;
    int pages = 0;
    do {
      EventPage page = store.query(query(before, null, null, null, null, null, 3));
      seen.addAll(ids(page));
      before = page.nextBefore();
      pages++;
      if (before != null) {
        assertEquals(page.events().get(page.events().size() - 1).id(), before);
      }
    } while (before != null);
    assertEquals(idsWhere(e -> true), seen);
    assertEquals(4, pages);
  }

  @Test
  void exactlyFullLastPageHasNoNextBefore() {
    EventPage page = store.query(query(null, null, null, null, null, null, 10));
    assertEquals(10, page.events().size());
    assertNull(page.nextBefore());
    EventPage first = store.query(query(null, null, null, null, null, null, 5));
    EventPage second = store.query(query(first.nextBefore(), null, null, null, null, null, 5));
    assertEquals(5, second.events().size());
    assertNull(second.nextBefore());
  }

  @Test
  void filtersByType() {
    assertEquals(idsWhere(e -> e.type().equals("motion")),
        ids(store.query(query(null, "motion", null, null, null, null, 50))));
  }

  @Test
  void filtersBySeverity() {
    assertEquals(idsWhere(e -> e.severity() == Severity.WARNING),
        ids(store.query(query(null, null, Severity.WARNING, null, null, null, 50))));
    assertTrue(ids(store.query(query(null, null, Severity.CRITICAL, null, null, null, 50)))
        .isEmpty());
  }

  @Test
  void filtersBySource() {
    assertEquals(idsWhere(e -> e.sourceId().equals("door")),
        ids(store.query(query(null, null, null, "door", null, null, 50))));
  }

  @Test
  void sinceIsInclusiveAndUntilExclusive() {
    Instant since = T0.plus(Duration.ofMinutes(2));
    Instant until = T0.plus(Duration.ofMinutes(5));
    assertEquals(idsWhere(e -> !e.ts().isBefore(since) && e.ts().isBefore(until)),
        ids(store.query(query(null, null, null, null, since, until, 50))));
    assertEquals(3, store.query(query(null, null, null, null, since, until, 50)).events().size());
  }

  @Test
  void filtersCombineAndPageTogether() {
    List<Long> expected = idsWhere(e -> e.type().equals("motion") && e.sourceId().equals("hall")
        && e.severity() == Severity.INFO);
    List<Long> seen = new ArrayList<>();
    Long before = null;
    do {
      EventPage page = store.query(query(before, "motion", Severity.INFO, "hall", null, null, 1));
      seen.addAll(ids(page));
      before = page.nextBefore();
    } while (before != null);
    assertEquals(expected, seen);
    assertFalse(expected.isEmpty());
  }

  @Test
  void beforeExcludesThatId() {
    long middle = all.get(5).id();
    List<Long> page = ids(store.query(query(middle, null, null, null, null, null, 50)));
    assertEquals(idsWhere(e -> e.id() < middle), page);
  }

  @Test
  void afterReturnsOldestFirstUpToTheLimit() {
    long from = all.get(3).id();
    List<Event> after = store.after(from, 4);
    assertEquals(all.subList(4, 8), after);
    assertTrue(store.after(store.latestId(), 10).isEmpty());
  }

  @Test
  void limitOutsideOneToFiveHundredIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> EventQuery.latest(0));
    assertThrows(IllegalArgumentException.class,
        () -> EventQuery.latest(EventQuery.MAX_LIMIT + 1));
  }

  @Test
  void acknowledgeKeepsTheFirstTimeAndRefusesUnknownIds() {
    long id = all.get(0).id();
    assertTrue(store.acknowledge(id, T0));
    assertTrue(store.acknowledge(id, T0.plusSeconds(5)));
    assertFalse(store.acknowledge(store.latestId() + 1, T0));
    long ackedAt = db.read(c -> {
      try (var st = c.prepareStatement("SELECT acked_at FROM events WHERE id = ?")) {
        st.setLong(1, id);
        try (var rs = st.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
    assertEquals(T0.toEpochMilli(), ackedAt);
  }

  @Test
  void snapshotIsAttachedToTheSourcesNewestEvent() {
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2};
    long newestHall = idsWhere(e -> e.sourceId().equals("hall")).get(0);
    assertEquals(newestHall, store.attachSnapshot("hall", jpeg, T0).orElseThrow());
    assertArrayEquals(jpeg, store.snapshot(newestHall).orElseThrow());
    assertTrue(store.attachSnapshot("unknown-camera", jpeg, T0).isEmpty());
    assertTrue(store.snapshot(all.get(0).id()).isEmpty());
  }

  @Test
  void idsAreNeverReusedAfterAReopen() {
    long latest = store.latestId();
    db.close();
    db = Database.open(dir.resolve("vigilar.db"));
    store = new EventStore(db);
    Event next = store.append(List.of(new EventDraft(T0, "panic", Severity.CRITICAL, "keypad",
        "{\"state\":\"on\"}"))).get(0);
    assertEquals(latest + 1, next.id());
    assertEquals(latest + 1, store.latestId());
  }

  @Test
  void aRolledBackBatchLeavesTheKeptStatementsWorking() {
    EventDraft draft = new EventDraft(T0, "motion", Severity.INFO, "hall", "{\"state\":\"on\"}");

    assertThrows(StoreException.class, () -> db.write(tx -> {
      store.insert(tx, List.of(draft));
      throw new java.sql.SQLException("disk full");
    }));
    List<Event> first = db.write(tx -> store.insert(tx, List.of(draft, draft)));
    List<Event> second = db.write(tx -> store.insert(tx, List.of(draft)));

    assertEquals(List.of(first.get(0).id() + 1, first.get(0).id() + 2),
        List.of(first.get(1).id(), second.get(0).id()));
    assertEquals(second.get(0).id(), store.latestId());
    assertEquals(all.size() + 3, store.after(0, 100).size());
  }

  @Test
  void aKeptStatementIsOnlyForTheWorkOfAWrite() {
    assertThrows(IllegalStateException.class,
        () -> db.prepared(null, "SELECT last_insert_rowid()"));
    assertThrows(IllegalStateException.class,
        () -> db.read(c -> db.prepared(c, "SELECT last_insert_rowid()")));
  }
}
