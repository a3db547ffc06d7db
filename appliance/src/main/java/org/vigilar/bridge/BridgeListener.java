package org.vigilar.bridge;

/** Receives what the bridge hears; called on the MQTT client's callback thread. */
public interface BridgeListener {

  /** One event summary from {@code vigilar/events/published}. Must not block. */
  void onEvent(String summaryJson);

  /** The bridge became live (subscribed) or paused (connection lost). */
  void onLive(boolean live);
}
