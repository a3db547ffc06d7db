package org.vigilar.web;

import java.util.List;
import org.vigilar.events.Event;

/** Stored events the web tier can replay; the event store in the appliance. */
@FunctionalInterface
public interface EventHistory {

  /** Events with an id above {@code afterId}, oldest first, at most {@code limit}. */
  List<Event> after(long afterId, int limit);
}
