package org.vigilar.push;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vigilar.store.Database;

/** Push subscriptions in the SQLite store. */
final class SubscriptionStore {

  private static final String COLUMNS = "id, endpoint, p256dh, auth, label, created_at, "
      + "last_success_at, last_failure_at, last_error, status";

  private final Database db;

  SubscriptionStore(Database db) {
    this.db = db;
  }

  /**
   * Adds a subscription, or refreshes the keys and label of a known endpoint and makes it
   * active again (a browser re-registering after its subscription was reported gone).
   */
  Subscription save(NewSubscription sub, Instant now) {
    String id = Endpoints.idOf(sub.endpoint());
    db.write(tx -> {
      try (PreparedStatement st = tx.prepareStatement("INSERT INTO push_subscriptions ("
          + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, 'active') "
          + "ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, "
          + "auth = excluded.auth, label = excluded.label, last_error = NULL, "
          + "status = CASE WHEN status = 'gone' THEN 'active' ELSE status END, "
          + "created_at = CASE WHEN status = 'gone' THEN excluded.created_at "
          + "ELSE created_at END")) {
        st.setString(1, id);
        st.setString(2, sub.endpoint());
        st.setString(3, sub.p256dh());
        st.setString(4, sub.auth());
        st.setString(5, sub.label());
        st.setLong(6, now.toEpochMilli());
        st.executeUpdate();
      }
      return null;
    });
    return find(id).orElseThrow(() -> new IllegalStateException("subscription " + id
        + " vanished right after it was saved"));
  }

  Optional<Subscription> find(String id) {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM push_subscriptions WHERE id = ?")) {
        st.setString(1, id);
        List<Subscription> found = readAll(st);
        return found.isEmpty() ? Optional.<Subscription>empty() : Optional.of(found.get(0));
      }
    });
  }

  /** Every subscription, oldest first, gone ones included. */
  List<Subscription> all() {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM push_subscriptions ORDER BY created_at, id")) {
        return readAll(st);
      }
    });
  }

  /** The subscriptions alerts go to: every one not gone. */
  List<Subscription> deliverable(Connection c) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS
        + " FROM push_subscriptions WHERE status != 'gone' ORDER BY created_at, id")) {
      return readAll(st);
    }
  }

  int countDeliverable() {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "SELECT COUNT(*) FROM push_subscriptions WHERE status != 'gone'");
          ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    });
  }

  /** Removes a subscription and its pending alerts; false when there was none. */
  boolean delete(String id) {
    return db.write(tx -> {
      try (PreparedStatement st = tx.prepareStatement(
          "DELETE FROM push_subscriptions WHERE id = ?")) {
        st.setString(1, id);
        return st.executeUpdate() == 1;
      }
    });
  }

  /**
   * Records an accepted delivery.
   *
   * @return the status before, to tell a recovery from business as usual
   */
  Optional<SubscriptionStatus> delivered(Connection tx, String id, Instant at)
      throws SQLException {
    Optional<SubscriptionStatus> before = status(tx, id);
    try (PreparedStatement st = tx.prepareStatement("UPDATE push_subscriptions SET "
        + "last_success_at = ?, last_error = NULL, status = 'active' "
        + "WHERE id = ? AND status != 'gone'")) {
      st.setLong(1, at.toEpochMilli());
      st.setString(2, id);
      st.executeUpdate();
    }
    return before;
  }

  /**
   * Records a failed attempt and sets the new status; {@code GONE} also erases the keys.
   *
   * @return the status before, to log only changes
   */
  Optional<SubscriptionStatus> failed(Connection tx, String id, Instant at, String error,
      SubscriptionStatus status) throws SQLException {
    Optional<SubscriptionStatus> before = status(tx, id);
    boolean gone = status == SubscriptionStatus.GONE;
    try (PreparedStatement st = tx.prepareStatement("UPDATE push_subscriptions SET "
        + "last_failure_at = ?, last_error = ?, status = ?"
        + (gone ? ", p256dh = NULL, auth = NULL" : "") + " WHERE id = ? AND status != 'gone'")) {
      st.setLong(1, at.toEpochMilli());
      st.setString(2, error);
      st.setString(3, status.wireName());
      st.setString(4, id);
      st.executeUpdate();
    }
    return before;
  }

  private static Optional<SubscriptionStatus> status(Connection c, String id)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(
        "SELECT status FROM push_subscriptions WHERE id = ?")) {
      st.setString(1, id);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(SubscriptionStatus.fromWire(rs.getString(1)))
            : Optional.empty();
      }
    }
  }

  private static List<Subscription> readAll(PreparedStatement st) throws SQLException {
    List<Subscription> found = new ArrayList<>();
    try (ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        found.add(new Subscription(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)),
            instant(rs, 7), instant(rs, 8), rs.getString(9),
            SubscriptionStatus.fromWire(rs.getString(10))));
      }
    }
    return found;
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(value);
  }
}
