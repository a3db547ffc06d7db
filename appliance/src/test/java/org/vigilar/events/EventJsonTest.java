package org.vigilar.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  private static Event event(long id, String ts) {
    return new Event(id, Instant.parse(ts), "contact_open", Severity.WARNING, "front-door",
        "{\"state\":\"open\"}");
  }

  @Test
  void summaryHasTheContractFieldsInOrder() {
    assertEquals("{\"id\":42,\"ts\":\"2026-12-03T12:00:00.123Z\",\"type\":\"contact_open\","
        + "\"severity\":\"warning\",\"source_id\":\"front-door\",\"payload\":{\"state\":\"open\"}}",
        EventJson.summary(event(42, "2026-12-03T12:00:00.123Z")));
  }

  @Test
  void timestampAlwaysHasThreeFractionDigitsInUtc() {
    assertEquals("2026-12-03T12:00:00.000Z", EventJson.TIMESTAMP.format(
        Instant.parse("2026-12-03T12:00:00Z")));
    assertEquals("2026-12-03T12:00:00.120Z", EventJson.TIMESTAMP.format(
        Instant.parse("2026-12-03T13:00:00.120456+01:00")));
  }

  @Test
  void pageHasEventsAndNextBefore() throws Exception {
    StringWriter out = new StringWriter();
    EventJson.page(out, List.of(event(2, "2026-12-03T12:00:00.001Z")), 2L);
    assertEquals("{\"events\":[{\"id\":2,\"ts\":\"2026-12-03T12:00:00.001Z\","
        + "\"type\":\"contact_open\",\"severity\":\"warning\",\"source_id\":\"front-door\","
        + "\"payload\":{\"state\":\"open\"}}],\"next_before\":2}", out.toString());
    StringWriter empty = new StringWriter();
    EventJson.page(empty, List.of(), null);
    assertEquals("{\"events\":[],\"next_before\":null}", empty.toString());
  }
}
