package org.vigilar.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema changes, applied in order at start.
 *
 * <p>The schema version lives in SQLite's {@code user_version}. Each migration is a resource
 * {@code db/V{n}.sql} applied in its own transaction together with the version bump, so a
 * crash mid-way leaves the previous version intact.
 */
final class Migrations {

  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  /** Migration scripts in order; the version after applying entry i is i + 1. */
  private static final List<String> SCRIPTS =
      List.of("db/V1.sql", "db/V2.sql", "db/V3.sql", "db/V4.sql");

  private Migrations() {
  }

  static int currentVersion(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  static void apply(Connection connection) throws SQLException {
    int version = currentVersion(connection);
    if (version > SCRIPTS.size()) {
      throw new SQLException("database schema version " + version
          + " is newer than this software knows (" + SCRIPTS.size() + "); refusing to touch it");
    }
    for (int i = version; i < SCRIPTS.size(); i++) {
      applyOne(connection, SCRIPTS.get(i), i + 1);
    }
  }

  private static void applyOne(Connection connection, String script, int newVersion)
      throws SQLException {
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      for (String sql : statements(script)) {
        st.executeUpdate(sql);
      }
      st.executeUpdate("PRAGMA user_version = " + newVersion);
      connection.commit();
      log.info("Applied schema migration {} (version {})", script, newVersion);
    } catch (SQLException e) {
      connection.rollback();
      throw new SQLException("migration " + script + " failed: " + e.getMessage(), e);
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static List<String> statements(String script) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(script)) {
      if (in == null) {
        throw new IllegalStateException("migration resource " + script + " is missing");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return List.of(text.replaceAll("(?m)^--.*$", "").split(";")).stream()
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + script, e);
    }
  }
}
