package org.vigilar.events;

import java.time.Instant;

/**
 * Filters and paging of {@code GET /api/events}; a null field does not filter.
 *
 * @param before only events with a smaller id (the paging cursor)
 * @param limit at most this many events, newest first
 */
public record EventQuery(
    Long before, String type, Severity severity, String sourceId, Instant since, Instant until,
    int limit) {

  public static final int MAX_LIMIT = 500;

  public EventQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }

  public static EventQuery latest(int limit) {
    return new EventQuery(null, null, null, null, null, null, limit);
  }
}
