package org.vigilar.events;

import org.vigilar.broker.InboundPublish;

/**
 * Handles appliance commands that arrive over MQTT (such as {@code vigilar/alarm/set}) on the
 * processor's thread, before device classification.
 */
public interface CommandHandler {

  /** True when this handler owns messages on {@code topic}. */
  boolean accepts(String topic);

  /**
   * Handles one command; may {@link EventProcessor#emit emit} events.
   *
   * @throws RuntimeException logged with the topic; the pipeline goes on
   */
  void handle(InboundPublish message);
}
