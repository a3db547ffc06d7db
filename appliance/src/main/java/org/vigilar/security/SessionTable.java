package org.vigilar.security;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.vigilar.store.Database;

/** Keeps {@link WebSessions} in the database, so sessions survive a restart. */
final class SessionTable implements WebSessions.Store {

  private final Database db;

  SessionTable(Database db) {
    this.db = db;
  }

  @Override
  public List<WebSessions.Row> load() {
    return db.read(c -> {
      List<WebSessions.Row> rows = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT key, csrf_token, created_at, last_used,"
              + " admin_revision FROM web_sessions ORDER BY created_at")) {
        while (rs.next()) {
          rows.add(new WebSessions.Row(rs.getString(1), rs.getString(2), rs.getLong(3),
              rs.getLong(4), rs.getLong(5)));
        }
      }
      return rows;
    });
  }

  @Override
  public void saved(WebSessions.Row row) {
    db.write(c -> {
      try (PreparedStatement st = c.prepareStatement("INSERT OR REPLACE INTO web_sessions"
          + " (key, csrf_token, created_at, last_used, admin_revision) VALUES (?, ?, ?, ?, ?)")) {
        st.setString(1, row.key());
        st.setString(2, row.csrfToken());
        st.setLong(3, row.createdMillis());
        st.setLong(4, row.lastUsedMillis());
        st.setLong(5, row.adminRevision());
        return st.executeUpdate();
      }
    });
  }

  @Override
  public void touched(String key, long lastUsedMillis) {
    db.write(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "UPDATE web_sessions SET last_used = ? WHERE key = ?")) {
        st.setLong(1, lastUsedMillis);
        st.setString(2, key);
        return st.executeUpdate();
      }
    });
  }

  @Override
  public void ended(String key) {
    db.write(c -> {
      try (PreparedStatement st = c.prepareStatement("DELETE FROM web_sessions WHERE key = ?")) {
        st.setString(1, key);
        return st.executeUpdate();
      }
    });
  }

  @Override
  public void endedAll() {
    db.write(c -> {
      try (Statement st = c.createStatement()) {
        return st.executeUpdate("DELETE FROM web_sessions");
      }
    });
  }
}
