package org.vigilar.alarm;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.store.Database;

/** The panel's state in the SQLite store: one row, replaced at every change. */
public final class AlarmStore {

  private static final Logger log = LoggerFactory.getLogger(AlarmStore.class);

  private final Database db;

  public AlarmStore(Database db) {
    this.db = db;
  }

  /** The last saved state, or empty when the panel was never changed. */
  public Optional<PanelStatus> load() {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "SELECT mode, state, until_ms, bypass, cause, changed_at, changed_by"
              + " FROM alarm_panel WHERE id = 1");
          ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Optional<ArmMode> mode = ArmMode.fromWire(rs.getString(1));
        Optional<PanelState> state = PanelState.fromWire(rs.getString(2));
        long until = rs.getLong(3);
        boolean noDeadline = rs.wasNull();
        if (mode.isEmpty() || state.isEmpty()) {
          // Never disarm on an unreadable row: arm away is what a power cut must not undo.
          log.error("Alarm state in {} is unreadable ({}, {}); resuming armed_away", db.file(),
              rs.getString(1), rs.getString(2));
          return Optional.of(new PanelStatus(ArmMode.ARMED_AWAY, PanelState.ARMED_AWAY, null,
              Set.of(), null, Instant.ofEpochMilli(rs.getLong(6)), Actor.SYSTEM));
        }
        return Optional.of(new PanelStatus(mode.get(), state.get(),
            noDeadline ? null : Instant.ofEpochMilli(until), ids(rs.getString(4)),
            rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)),
            Actor.fromText(rs.getString(7))));
      }
    });
  }

  /** Saves the state in its own transaction; it is durable when this returns. */
  public void save(PanelStatus status) {
    db.write(tx -> {
      try (PreparedStatement st = tx.prepareStatement(
          "INSERT OR REPLACE INTO alarm_panel"
              + " (id, mode, state, until_ms, bypass, cause, changed_at, changed_by)"
              + " VALUES (1, ?, ?, ?, ?, ?, ?, ?)")) {
        st.setString(1, status.mode().wireName());
        st.setString(2, status.state().wireName());
        if (status.until() == null) {
          st.setNull(3, Types.INTEGER);
        } else {
          st.setLong(3, status.until().toEpochMilli());
        }
        st.setString(4, String.join(",", status.bypass().stream().sorted().toList()));
        st.setString(5, status.cause());
        st.setLong(6, status.changedAt().toEpochMilli());
        st.setString(7, status.changedBy().text());
        st.executeUpdate();
      }
      return null;
    });
  }

  private static Set<String> ids(String text) {
    if (text == null || text.isBlank()) {
      return Set.of();
    }
    return Stream.of(text.split(",")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
  }
}
