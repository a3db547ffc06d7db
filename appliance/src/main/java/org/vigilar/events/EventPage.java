package org.vigilar.events;

import java.util.List;

/**
 * One page of events, newest first.
 *
 * @param nextBefore the cursor for the next older page, or null when there is none
 */
public record EventPage(List<Event> events, Long nextBefore) {

  public EventPage {
    events = List.copyOf(events);
  }
}
