package org.vigilar.events;

/**
 * Learns of each event after it was committed and published, on the processor's thread, in id
 * order. Must return quickly; an exception is logged and does not stop the pipeline.
 */
@FunctionalInterface
public interface EventObserver {

  void committed(Event event);
}
