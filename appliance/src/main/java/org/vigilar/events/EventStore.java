package org.vigilar.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vigilar.store.Database;

/** Events in the SQLite store: append in a writer's transaction, query from readers. */
public final class EventStore {

  private static final String COLUMNS = "id, ts, type, severity, source_id, payload";

  private final Database db;

  public EventStore(Database db) {
    this.db = db;
  }

  /**
   * Inserts drafts inside the caller's write transaction and returns them with their ids, in
   * order; ids strictly increase.
   */
  public List<Event> insert(Connection tx, List<EventDraft> drafts) throws SQLException {
    if (drafts.isEmpty()) {
      return List.of();
    }
    PreparedStatement insert = db.prepared(tx,
        "INSERT INTO events (ts, type, severity, source_id, payload) VALUES (?, ?, ?, ?, ?)");
    for (EventDraft d : drafts) {
      insert.setLong(1, d.ts().toEpochMilli());
      insert.setString(2, d.type());
      insert.setString(3, d.severity().wireName());
      insert.setString(4, d.sourceId());
      insert.setString(5, d.payloadJson());
      insert.addBatch();
    }
    insert.executeBatch();
    // With AUTOINCREMENT and the single writer holding the transaction, the rows of one batch
    // get consecutive ids ending at the last one inserted.
    long last;
    try (ResultSet rs = db.prepared(tx, "SELECT last_insert_rowid()").executeQuery()) {
      rs.next();
      last = rs.getLong(1);
    }
    List<Event> stored = new ArrayList<>(drafts.size());
    long id = last - drafts.size() + 1;
    for (EventDraft d : drafts) {
      stored.add(d.withId(id++));
    }
    return stored;
  }

  /** Inserts and commits drafts in one transaction. */
  public List<Event> append(List<EventDraft> drafts) {
    return db.write(tx -> insert(tx, drafts));
  }

  /**
   * Attaches a JPEG to the newest event of {@code sourceId}, replacing an earlier one.
   *
   * @return the event id it was attached to, or empty when the source has no event yet
   */
  public Optional<Long> attachSnapshot(String sourceId, byte[] jpeg, Instant receivedAt) {
    return db.write(tx -> {
      long eventId;
      try (PreparedStatement st = tx.prepareStatement(
          "SELECT MAX(id) FROM events WHERE source_id = ?")) {
        st.setString(1, sourceId);
        try (ResultSet rs = st.executeQuery()) {
          eventId = rs.next() ? rs.getLong(1) : 0;
        }
      }
      if (eventId == 0) {
        return Optional.empty();
      }
      try (PreparedStatement st = tx.prepareStatement(
          "INSERT OR REPLACE INTO snapshots (event_id, received_at, data) VALUES (?, ?, ?)")) {
        st.setLong(1, eventId);
        st.setLong(2, receivedAt.toEpochMilli());
        st.setBytes(3, jpeg);
        st.executeUpdate();
      }
      return Optional.of(eventId);
    });
  }

  /** The JPEG attached to an event, if any. */
  public Optional<byte[]> snapshot(long eventId) {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "SELECT data FROM snapshots WHERE event_id = ?")) {
        st.setLong(1, eventId);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
        }
      }
    });
  }

  /**
   * Marks an event acknowledged; acknowledging twice keeps the first time.
   *
   * @return false when no event has that id
   */
  public boolean acknowledge(long id, Instant at) {
    return db.write(tx -> {
      try (PreparedStatement st = tx.prepareStatement(
          "UPDATE events SET acked_at = COALESCE(acked_at, ?) WHERE id = ?")) {
        st.setLong(1, at.toEpochMilli());
        st.setLong(2, id);
        return st.executeUpdate() == 1;
      }
    });
  }

  /** Events with an id above {@code afterId}, oldest first, at most {@code limit}. */
  public List<Event> after(long afterId, int limit) {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM events WHERE id > ? ORDER BY id LIMIT ?")) {
        st.setLong(1, afterId);
        st.setInt(2, limit);
        return readAll(st);
      }
    });
  }

  /** The highest stored id, or 0 when the store is empty. */
  public long latestId() {
    return db.read(c -> {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM events")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** One page of events matching {@code q}, newest first. */
  public EventPage query(EventQuery q) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    where(sql, args, " AND id < ?", q.before());
    where(sql, args, " AND type = ?", q.type());
    where(sql, args, " AND severity = ?", q.severity() == null ? null : q.severity().wireName());
    where(sql, args, " AND source_id = ?", q.sourceId());
    where(sql, args, " AND ts >= ?", q.since() == null ? null : q.since().toEpochMilli());
    where(sql, args, " AND ts < ?", q.until() == null ? null : q.until().toEpochMilli());
    sql.append(" ORDER BY id DESC LIMIT ?");
    // One row more than asked tells whether an older page exists.
    args.add(q.limit() + 1);

    List<Event> rows = db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          st.setObject(i + 1, args.get(i));
        }
        return readAll(st);
      }
    });
    if (rows.size() <= q.limit()) {
      return new EventPage(rows, null);
    }
    List<Event> page = rows.subList(0, q.limit());
    return new EventPage(page, page.get(page.size() - 1).id());
  }

  private static void where(StringBuilder sql, List<Object> args, String clause, Object value) {
    if (value != null) {
      sql.append(clause);
      args.add(value);
    }
  }

  private static List<Event> readAll(PreparedStatement st) throws SQLException {
    List<Event> events = new ArrayList<>();
    try (ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        events.add(new Event(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
            Severity.fromWire(rs.getString(4)), rs.getString(5), rs.getString(6)));
      }
    }
    return events;
  }
}
