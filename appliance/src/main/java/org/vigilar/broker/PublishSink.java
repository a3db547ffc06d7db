package org.vigilar.broker;

/** Takes device publishes off the broker's threads; must never block. */
@FunctionalInterface
public interface PublishSink {

  /**
   * Offers one message.
   *
   * @return false when the message was refused (queue full or shutting down)
   */
  boolean offer(InboundPublish message);
}
