package org.vigilar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "12h, PT12H", "90d, PT2160H",
      "0s, PT0S", "' 7s ', PT7S"})
  void readsTheUnitsOfTheSettingsFile(String text, Duration expected) {
    assertEquals(expected, Durations.parse("alarm.exit_delay", text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "1.5s", "-5s", "5 s", "5sec", "5S", "5w", "", "ms",
      "9999999999s"})
  void rejectsAnythingElseNamingTheKeyAndValue(String text) {
    SettingsException e = assertThrows(SettingsException.class,
        () -> Durations.parse("alarm.entry_delay", text));
    assertTrue(e.getMessage().contains("alarm.entry_delay"), e.getMessage());
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "1500ms", "30s", "5m", "90m", "12h", "36h", "90d", "0s"})
  void formatReadsBackAsTheSameDuration(String text) {
    Duration value = Durations.parse("k", text);
    assertEquals(text, Durations.format(value));
    assertEquals(value, Durations.parse("k", Durations.format(value)));
  }

  @Test
  void formatPicksTheLargestExactUnit() {
    assertEquals("2d", Durations.format(Duration.ofHours(48)));
    assertEquals("61m", Durations.format(Duration.ofMinutes(61)));
    assertEquals("61s", Durations.format(Duration.ofSeconds(61)));
    assertEquals("1001ms", Durations.format(Duration.ofMillis(1001)));
  }
}
