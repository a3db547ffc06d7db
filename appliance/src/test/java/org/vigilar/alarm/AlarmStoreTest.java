package org.vigilar.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.store.Database;

class AlarmStoreTest {

  @TempDir
  Path dir;

  @Test
  void aNewStoreHasNoState() {
    try (Database db = Database.open(dir.resolve("v.db"))) {
      assertTrue(new AlarmStore(db).load().isEmpty());
    }
  }

  @Test
  void stateWithDeadlineAndBypassSurvivesReopening() {
    Instant until = Instant.parse("2026-12-03T12:00:30Z");
    PanelStatus pending = new PanelStatus(ArmMode.ARMED_NIGHT, PanelState.PENDING, until,
        Set.of("back-window", "garage-door"), "front-door", until.minusSeconds(30),
        Actor.keypad("hall-keypad"));
    try (Database db = Database.open(dir.resolve("v.db"))) {
      new AlarmStore(db).save(PanelStatus.initial(until));
      new AlarmStore(db).save(pending);
    }
    try (Database db = Database.open(dir.resolve("v.db"))) {
      assertEquals(Optional.of(pending), new AlarmStore(db).load());
    }
  }
}
