package org.vigilar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

  @ParameterizedTest
  @CsvSource({"1048576, 1048576", "1MiB, 1048576", "512KiB, 524288", "2KB, 2000",
      "3MB, 3000000", "100B, 100", "' 1 MiB ', 1048576", "256MiB, 268435456", "0, 0"})
  void readsPlainBytesAndUnits(String text, int expected) {
    assertEquals(expected, ByteSizes.parse("mqtt.max_message_size", text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1GiB", "1mib", "1.5MiB", "-1", "", "MiB", "lots", "1 MiB B"})
  void rejectsOtherTextNamingTheKey(String text) {
    SettingsException e = assertThrows(SettingsException.class,
        () -> ByteSizes.parse("mqtt.max_message_size", text));
    assertTrue(e.getMessage().startsWith("mqtt.max_message_size must be a size"),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"257MiB", "268435457", "9999999999", "300MB"})
  void rejectsMoreThanTwoHundredFiftySixMebibytes(String text) {
    SettingsException e = assertThrows(SettingsException.class,
        () -> ByteSizes.parse("mqtt.max_message_size", text));
    assertTrue(e.getMessage().contains("at most 256MiB"), e.getMessage());
  }
}
