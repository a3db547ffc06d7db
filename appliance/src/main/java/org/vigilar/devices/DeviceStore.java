package org.vigilar.devices;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigilar.store.Database;

/** Device credentials and grants in the SQLite store. */
public final class DeviceStore {

  /** A device's stored password hash and what it may do. */
  public record Stored(String passwordHash, DeviceRights rights) {

    @Override
    public String toString() {
      return "Stored[passwordHash=***, rights=" + rights + "]";
    }
  }

  private final Database db;

  public DeviceStore(Database db) {
    this.db = db;
  }

  /** Adds a device; false when the id is taken. */
  public boolean insert(Device device, String passwordHash) {
    return db.write(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "INSERT OR IGNORE INTO devices (id, kind, zone, password_hash, revision, created_at)"
              + " VALUES (?, ?, ?, ?, 1, ?)")) {
        st.setString(1, device.id());
        setNullable(st, 2, device.kind());
        setNullable(st, 3, device.zone());
        st.setString(4, passwordHash);
        st.setLong(5, device.createdAt().toEpochMilli());
        if (st.executeUpdate() != 1) {
          return false;
        }
      }
      insertGrants(c, device.id(), device.grants());
      return true;
    });
  }

  /** Replaces a device's password hash and bumps its revision; false when unknown. */
  public boolean replacePassword(String id, String passwordHash) {
    return db.write(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "UPDATE devices SET password_hash = ?, revision = revision + 1 WHERE id = ?")) {
        st.setString(1, passwordHash);
        st.setString(2, id);
        return st.executeUpdate() == 1;
      }
    });
  }

  /** Removes a device with its grants; false when unknown. */
  public boolean delete(String id) {
    return db.write(c -> {
      try (PreparedStatement st = c.prepareStatement("DELETE FROM devices WHERE id = ?")) {
        st.setString(1, id);
        return st.executeUpdate() == 1;
      }
    });
  }

  /** The hash and rights of one device; a single-row read, cheap enough for every CONNECT. */
  public Optional<Stored> find(String id) {
    return db.read(c -> {
      String hash;
      long revision;
      try (PreparedStatement st = c.prepareStatement(
          "SELECT password_hash, revision FROM devices WHERE id = ?")) {
        st.setString(1, id);
        try (ResultSet rs = st.executeQuery()) {
          if (!rs.next()) {
            return Optional.<Stored>empty();
          }
          hash = rs.getString(1);
          revision = rs.getLong(2);
        }
      }
      return Optional.of(new Stored(hash, new DeviceRights(id, grants(c, id), revision)));
    });
  }

  /** Every device, by id. */
  public List<Device> list() {
    return db.read(c -> {
      Map<String, List<String>> grants = new HashMap<>();
      try (PreparedStatement st = c.prepareStatement(
          "SELECT device_id, filter FROM device_grants ORDER BY device_id, filter");
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          grants.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
      }
      List<Device> devices = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement(
          "SELECT id, kind, zone, created_at, last_connected FROM devices ORDER BY id");
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          long connected = rs.getLong(5);
          Instant lastConnected = rs.wasNull() ? null : Instant.ofEpochMilli(connected);
          devices.add(new Device(id, rs.getString(2), rs.getString(3),
              grants.getOrDefault(id, List.of()), Instant.ofEpochMilli(rs.getLong(4)),
              lastConnected));
        }
      }
      return devices;
    });
  }

  /** Each device's credential revision, by id: what changed since the last look. */
  public Map<String, Long> revisions() {
    return db.read(c -> {
      Map<String, Long> revisions = new LinkedHashMap<>();
      try (PreparedStatement st = c.prepareStatement("SELECT id, revision FROM devices");
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          revisions.put(rs.getString(1), rs.getLong(2));
        }
      }
      return revisions;
    });
  }

  /** Notes a successful connect. */
  public void connected(String id, Instant at) {
    db.write(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "UPDATE devices SET last_connected = ? WHERE id = ?")) {
        st.setLong(1, at.toEpochMilli());
        st.setString(2, id);
        return st.executeUpdate();
      }
    });
  }

  private static List<String> grants(Connection c, String id) throws SQLException {
    List<String> grants = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement(
        "SELECT filter FROM device_grants WHERE device_id = ? ORDER BY filter")) {
      st.setString(1, id);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          grants.add(rs.getString(1));
        }
      }
    }
    return grants;
  }

  private static void insertGrants(Connection c, String id, List<String> grants)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(
        "INSERT OR IGNORE INTO device_grants (device_id, filter) VALUES (?, ?)")) {
      for (String grant : grants) {
        st.setString(1, id);
        st.setString(2, grant);
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  private static void setNullable(PreparedStatement st, int index, String value)
      throws SQLException {
    if (value == null) {
      st.setNull(index, Types.VARCHAR);
    } else {
      st.setString(index, value);
    }
  }
}
