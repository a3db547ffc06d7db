package org.vigilar.events;

/** Where a committed event goes next: the broker topic {@code vigilar/events/published}. */
@FunctionalInterface
public interface EventPublisher {

  /**
   * Publishes one committed event.
   *
   * @param summaryJson the event summary, serialised once for every consumer
   */
  void publish(Event event, String summaryJson);
}
