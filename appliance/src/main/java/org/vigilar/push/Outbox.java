package org.vigilar.push;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.martijndwars.webpush.Urgency;
import org.vigilar.store.Database;

/**
 * Alerts not yet accepted by their push service, in SQLite so a restart loses none.
 *
 * <p>Each subscription's alerts go out one at a time in order: only the oldest row of a
 * subscription is ever due, so a failing push service is not hammered by every new alert, and
 * a phone never gets an older alert after a newer one.
 */
final class Outbox {

  private final Database db;

  Outbox(Database db) {
    this.db = db;
  }

  /** Queues {@code alert} for each subscription, inside the caller's transaction. */
  int add(Connection tx, Alert alert, List<Subscription> to, Instant now) throws SQLException {
    try (PreparedStatement st = tx.prepareStatement("INSERT INTO push_outbox (subscription_id, "
        + "event_id, payload, urgency, ttl_seconds, created_at, expires_at, attempts, "
        + "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
      for (Subscription sub : to) {
        st.setString(1, sub.id());
        if (alert.eventId() == null) {
          st.setNull(2, Types.INTEGER);
        } else {
          st.setLong(2, alert.eventId());
        }
        st.setString(3, alert.payload());
        st.setString(4, alert.urgency().name());
        st.setLong(5, alert.ttl().toSeconds());
        st.setLong(6, now.toEpochMilli());
        st.setLong(7, now.plus(alert.ttl()).toEpochMilli());
        st.setLong(8, now.toEpochMilli());
        st.addBatch();
      }
      st.executeBatch();
    }
    return to.size();
  }

  /**
   * The oldest row of each subscription that can still be delivered, soonest first. Rows of
   * subscriptions in {@code busy} are left out by the caller.
   */
  List<Delivery> heads(int limit) {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement("SELECT o.id, o.subscription_id, "
          + "s.endpoint, s.p256dh, s.auth, o.event_id, o.payload, o.urgency, o.ttl_seconds, "
          + "o.expires_at, o.attempts, o.next_attempt_at FROM push_outbox o "
          + "JOIN push_subscriptions s ON s.id = o.subscription_id "
          + "WHERE o.id IN (SELECT MIN(id) FROM push_outbox GROUP BY subscription_id) "
          + "ORDER BY o.next_attempt_at, o.id LIMIT ?")) {
        st.setInt(1, limit);
        List<Delivery> found = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            long eventId = rs.getLong(6);
            Long event = rs.wasNull() ? null : eventId;
            found.add(new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), event, rs.getString(7),
                Urgency.valueOf(rs.getString(8).toUpperCase(Locale.ROOT)), rs.getInt(9),
                Instant.ofEpochMilli(rs.getLong(10)), rs.getInt(11),
                Instant.ofEpochMilli(rs.getLong(12))));
          }
        }
        return found;
      }
    });
  }

  /** Rows waiting, for the metrics gauge. */
  long size() {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM push_outbox");
          ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  void remove(Connection tx, long id) throws SQLException {
    try (PreparedStatement st = tx.prepareStatement("DELETE FROM push_outbox WHERE id = ?")) {
      st.setLong(1, id);
      st.executeUpdate();
    }
  }

  /** Drops every pending row of a subscription that cannot take alerts any more. */
  void removeAll(Connection tx, String subscriptionId) throws SQLException {
    try (PreparedStatement st = tx.prepareStatement(
        "DELETE FROM push_outbox WHERE subscription_id = ?")) {
      st.setString(1, subscriptionId);
      st.executeUpdate();
    }
  }

  void retryAt(Connection tx, long id, int attempts, Instant at) throws SQLException {
    try (PreparedStatement st = tx.prepareStatement(
        "UPDATE push_outbox SET attempts = ?, next_attempt_at = ? WHERE id = ?")) {
      st.setInt(1, attempts);
      st.setLong(2, at.toEpochMilli());
      st.setLong(3, id);
      st.executeUpdate();
    }
  }
}
