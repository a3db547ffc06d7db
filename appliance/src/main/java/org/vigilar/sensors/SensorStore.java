package org.vigilar.sensors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vigilar.store.Database;

/** Sensor records and channel states in the SQLite store. */
public final class SensorStore {

  private final Database db;

  public SensorStore(Database db) {
    this.db = db;
  }

  /**
   * Writes a book's changes inside the caller's write transaction. Rows are updated in place
   * rather than replaced, so a commit rewrites no index page: this runs for almost every event.
   */
  public void save(Connection tx, SensorBook.Changes changes) throws SQLException {
    if (!changes.records().isEmpty()) {
      PreparedStatement st = db.prepared(tx,
          "INSERT INTO sensors (source_id, kind, first_seen, last_seen, battery, online)"
              + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_id) DO UPDATE SET"
              + " kind = excluded.kind, first_seen = excluded.first_seen,"
              + " last_seen = excluded.last_seen, battery = excluded.battery,"
              + " online = excluded.online");
      for (SensorRecord r : changes.records()) {
        st.setString(1, r.sourceId());
        st.setString(2, r.kind());
        st.setLong(3, r.firstSeen().toEpochMilli());
        st.setLong(4, r.lastSeen().toEpochMilli());
        if (r.battery() == null) {
          st.setNull(5, Types.INTEGER);
        } else {
          st.setInt(5, r.battery());
        }
        if (r.online() == null) {
          st.setNull(6, Types.INTEGER);
        } else {
          st.setInt(6, r.online() ? 1 : 0);
        }
        st.addBatch();
      }
      st.executeBatch();
    }
    if (!changes.states().isEmpty()) {
      PreparedStatement st = db.prepared(tx,
          "INSERT INTO sensor_states (source_id, channel, state, updated_at)"
              + " VALUES (?, ?, ?, ?) ON CONFLICT (source_id, channel) DO UPDATE SET"
              + " state = excluded.state, updated_at = excluded.updated_at");
      for (SensorBook.StateChange s : changes.states()) {
        st.setString(1, s.sourceId());
        st.setString(2, s.channel());
        st.setString(3, s.state());
        st.setLong(4, s.at().toEpochMilli());
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  /** Every known sensor, by source id. */
  public List<SensorRecord> records() {
    return db.read(c -> {
      List<SensorRecord> result = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement(
          "SELECT source_id, kind, first_seen, last_seen, battery, online FROM sensors"
              + " ORDER BY source_id");
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Integer battery = rs.getObject(5) == null ? null : rs.getInt(5);
          Boolean online = rs.getObject(6) == null ? null : rs.getInt(6) == 1;
          result.add(new SensorRecord(rs.getString(1), rs.getString(2),
              Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4)),
              battery, online));
        }
      }
      return result;
    });
  }

  /** Every persisted channel state. */
  public List<SensorBook.StateChange> states() {
    return db.read(c -> {
      List<SensorBook.StateChange> result = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement(
          "SELECT source_id, channel, state, updated_at FROM sensor_states");
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          result.add(new SensorBook.StateChange(rs.getString(1), rs.getString(2),
              rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))));
        }
      }
      return result;
    });
  }
}
