package org.vigilar.sensors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.store.Database;

/** Sensor records and states written again and again, as every event does. */
class SensorStoreTest {

  private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

  @TempDir
  Path dir;

  private Database db;
  private SensorStore store;

  @BeforeEach
  void open() {
    db = Database.open(dir.resolve("vigilar.db"));
    store = new SensorStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private void save(List<SensorRecord> records, List<SensorBook.StateChange> states) {
    db.write(tx -> {
      store.save(tx, new SensorBook.Changes(records, states));
      return null;
    });
  }

  @Test
  void aSecondSaveUpdatesTheRowsInsteadOfAddingOnes() {
    save(List.of(new SensorRecord("door", "contact", T0, T0, 90, true)),
        List.of(new SensorBook.StateChange("door", "state", "open", T0)));

    Instant later = T0.plusSeconds(60);
    save(List.of(new SensorRecord("door", "contact", T0, later, null, false),
            new SensorRecord("hall", null, later, later, null, null)),
        List.of(new SensorBook.StateChange("door", "state", "closed", later),
            new SensorBook.StateChange("door", "battery", "low", later)));

    assertEquals(List.of(new SensorRecord("door", "contact", T0, later, null, false),
        new SensorRecord("hall", null, later, later, null, null)), store.records());
    assertEquals(List.of(new SensorBook.StateChange("door", "battery", "low", later),
            new SensorBook.StateChange("door", "state", "closed", later)),
        store.states().stream()
            .sorted((a, b) -> a.channel().compareTo(b.channel())).toList());
  }
}
