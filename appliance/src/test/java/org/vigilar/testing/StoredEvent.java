package org.vigilar.testing;

/** One row of the {@code events} table, read straight from the SQLite file. */
public record StoredEvent(long id, long tsMillis, String type, String severity, String sourceId,
    String payload) {
}
