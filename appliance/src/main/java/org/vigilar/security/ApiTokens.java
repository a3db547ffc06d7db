package org.vigilar.security;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.vigilar.store.Database;

/**
 * Long-lived API tokens for integrations (Home Assistant, Node-RED, Prometheus), sent as
 * {@code Authorization: Bearer ...}.
 *
 * <p>A token carries 256 random bits, so a plain SHA-256 is a safe way to store and find it; a
 * slow hash would add nothing but cost on every request. Lookups go to the store each time, so a
 * token added or removed by the command line works at once in a running appliance.
 */
public final class ApiTokens {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final long LAST_USED_PRECISION_MS = 60_000;

  /** A token as listed; the secret itself is never stored. */
  public record ApiToken(String name, Instant createdAt, Instant lastUsed) {
  }

  private final Database db;
  private final Clock clock;
  private final SecureRandom random;
  private final Map<String, Long> lastUsedWritten = new ConcurrentHashMap<>();

  public ApiTokens(Database db, Clock clock, SecureRandom random) {
    this.db = db;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Creates a token and returns its secret, to show once.
   *
   * @throws IllegalArgumentException for a malformed or taken name
   */
  public Secret add(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("token name must be 1-64 letters, digits or _.-");
    }
    String token = Secrets.apiToken(random);
    boolean added = db.write(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "INSERT OR IGNORE INTO api_tokens (name, token_hash, created_at) VALUES (?, ?, ?)")) {
        st.setString(1, name);
        st.setString(2, Secrets.sha256Hex(token));
        st.setLong(3, clock.millis());
        return st.executeUpdate() == 1;
      }
    });
    if (!added) {
      throw new IllegalArgumentException("a token named '" + name + "' exists already");
    }
    return new Secret(token);
  }

  public List<ApiToken> list() {
    return db.read(c -> {
      List<ApiToken> tokens = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement(
          "SELECT name, created_at, last_used FROM api_tokens ORDER BY name");
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          long lastUsed = rs.getLong(3);
          tokens.add(new ApiToken(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
              rs.wasNull() ? null : Instant.ofEpochMilli(lastUsed)));
        }
      }
      return tokens;
    });
  }

  /** Revokes a token; false when there was none by that name. */
  public boolean remove(String name) {
    return db.write(c -> {
      try (PreparedStatement st = c.prepareStatement("DELETE FROM api_tokens WHERE name = ?")) {
        st.setString(1, name);
        return st.executeUpdate() == 1;
      }
    });
  }

  /** The name of the token {@code presented}, if it is a valid one. Blocks on the store. */
  public Optional<String> verify(String presented) {
    if (presented == null || !presented.startsWith("vgl_") || presented.length() > 100) {
      return Optional.empty();
    }
    String hash = Secrets.sha256Hex(presented);
    Optional<String> name = db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "SELECT name FROM api_tokens WHERE token_hash = ?")) {
        st.setString(1, hash);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
    name.ifPresent(this::noteUse);
    return name;
  }

  private void noteUse(String name) {
    long now = clock.millis();
    Long written = lastUsedWritten.get(name);
    if (written != null && now - written < LAST_USED_PRECISION_MS) {
      return;
    }
    lastUsedWritten.put(name, now);
    db.write(c -> updateLastUsed(c, name, now));
  }

  private static int updateLastUsed(Connection c, String name, long now)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(
        "UPDATE api_tokens SET last_used = ? WHERE name = ?")) {
      st.setLong(1, now);
      st.setString(2, name);
      return st.executeUpdate();
    }
  }
}
