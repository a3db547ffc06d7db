package org.vigilar.push;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads a {@code Retry-After} header: whole seconds or an HTTP date. */
final class RetryAfter {

  private RetryAfter() {
  }

  /**
   * @return the wait asked for, clamped to zero and {@link PushTuning#MAX_RETRY_AFTER}, or null
   *     when the header is absent or unreadable
   */
  static Duration parse(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.strip();
    Duration wait;
    if (value.chars().allMatch(Character::isDigit)) {
      if (value.length() > 9) {
        return PushTuning.MAX_RETRY_AFTER;
      }
      wait = Duration.ofSeconds(Long.parseLong(value));
    } else {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        wait = Duration.between(now, at);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(PushTuning.MAX_RETRY_AFTER) > 0 ? PushTuning.MAX_RETRY_AFTER : wait;
  }
}
