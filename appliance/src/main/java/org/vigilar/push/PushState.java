package org.vigilar.push;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.vigilar.store.Database;

/** Named values of the push feature in {@code push_state}: the rules and the event cursor. */
final class PushState {

  static final String RULES = "rules";
  /** The id of the last event the dispatcher has turned into alerts (or decided not to). */
  static final String CURSOR = "cursor";

  private final Database db;

  PushState(Database db) {
    this.db = db;
  }

  Optional<String> get(String name) {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "SELECT value FROM push_state WHERE name = ?")) {
        st.setString(1, name);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  void put(String name, String value) {
    db.write(tx -> {
      put(tx, name, value);
      return null;
    });
  }

  void put(Connection tx, String name, String value) throws SQLException {
    try (PreparedStatement st = tx.prepareStatement("INSERT INTO push_state (name, value) "
        + "VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
      st.setString(1, name);
      st.setString(2, value);
      st.executeUpdate();
    }
  }
}
