package org.vigilar.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecentEventsTest {

  @Test
  void passesOnWhatCameAfterAnIdUpToALimit() {
    RecentEvents recent = new RecentEvents(8, 10);
    for (long id = 11; id <= 15; id++) {
      recent.add(id, "{\"id\":" + id + "}");
    }

    assertEquals(List.of(13L, 14L), ids(recent.after(12, 14, 100)));
    assertEquals(List.of(11L, 12L), ids(recent.after(10, 100, 2)));
    assertEquals(List.of(), ids(recent.after(15, 100, 100)));
  }

  @Test
  void sendsAReaderThatFellBehindTheWindowToTheStore() {
    RecentEvents recent = new RecentEvents(3, 0);
    for (long id = 1; id <= 5; id++) {
      recent.add(id, "{}");
    }

    assertNull(recent.after(1, 100, 100), "events 2 is no longer kept");
    assertEquals(List.of(3L, 4L, 5L), ids(recent.after(2, 100, 100)));
  }

  @Test
  void coversNothingStoredBeforeItStarted() {
    RecentEvents recent = new RecentEvents(4, 50);
    recent.add(51, "{}");

    assertNull(recent.after(49, 100, 100));
    assertEquals(List.of(51L), ids(recent.after(50, 100, 100)));
  }

  private static List<Long> ids(List<RecentEvents.Entry> entries) {
    return entries.stream().map(RecentEvents.Entry::id).toList();
  }
}
