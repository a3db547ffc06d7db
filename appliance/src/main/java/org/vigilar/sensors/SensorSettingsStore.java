package org.vigilar.sensors;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigilar.config.SensorSettings;
import org.vigilar.store.Database;

/** Sensor settings edited in the app, in the SQLite store; they win over the settings file. */
public final class SensorSettingsStore {

  private final Database db;

  public SensorSettingsStore(Database db) {
    this.db = db;
  }

  /** Every sensor's edits, by source id. */
  public Map<String, SensorSettings> all() {
    return db.read(c -> {
      Map<String, SensorSettings> result = new LinkedHashMap<>();
      try (PreparedStatement st = c.prepareStatement(
          "SELECT source_id, name, zone, role, min_active_ms, pulses, pulse_window_ms,"
              + " heartbeat_ms FROM sensor_settings ORDER BY source_id");
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          result.put(rs.getString(1), new SensorSettings(rs.getString(2), null,
              rs.getString(3), rs.getString(4), duration(rs, 5), integer(rs, 6),
              duration(rs, 7), duration(rs, 8)));
        }
      }
      return result;
    });
  }

  /** Stores the edits of one sensor; all fields null deletes them. */
  public void save(String sourceId, SensorSettings edits, Instant at) {
    db.write(tx -> {
      if (edits.equals(SensorSettings.empty())) {
        try (PreparedStatement st = tx.prepareStatement(
            "DELETE FROM sensor_settings WHERE source_id = ?")) {
          st.setString(1, sourceId);
          st.executeUpdate();
        }
        return null;
      }
      try (PreparedStatement st = tx.prepareStatement(
          "INSERT OR REPLACE INTO sensor_settings (source_id, name, zone, role, min_active_ms,"
              + " pulses, pulse_window_ms, heartbeat_ms, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        st.setString(1, sourceId);
        st.setString(2, edits.name());
        st.setString(3, edits.zone());
        st.setString(4, edits.role());
        setMillis(st, 5, edits.minActive());
        if (edits.pulses() == null) {
          st.setNull(6, Types.INTEGER);
        } else {
          st.setInt(6, edits.pulses());
        }
        setMillis(st, 7, edits.pulseWindow());
        setMillis(st, 8, edits.heartbeat());
        st.setLong(9, at.toEpochMilli());
        st.executeUpdate();
      }
      return null;
    });
  }

  private static void setMillis(PreparedStatement st, int index, Duration value)
      throws SQLException {
    if (value == null) {
      st.setNull(index, Types.INTEGER);
    } else {
      st.setLong(index, value.toMillis());
    }
  }

  private static Duration duration(ResultSet rs, int index) throws SQLException {
    long ms = rs.getLong(index);
    return rs.wasNull() ? null : Duration.ofMillis(ms);
  }

  private static Integer integer(ResultSet rs, int index) throws SQLException {
    int value = rs.getInt(index);
    return rs.wasNull() ? null : value;
  }
}
