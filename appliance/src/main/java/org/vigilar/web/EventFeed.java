package org.vigilar.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.bridge.BridgeListener;
import org.vigilar.events.Event;
import org.vigilar.events.EventJson;

/**
 * Puts what the bridge hears into strict id order for the SSE hub.
 *
 * <p>MQTT may lose messages while the bridge reconnects, and may deliver one twice. The feed
 * remembers the last id it passed on; a duplicate is dropped, and every event passed on is read
 * from the store, where every published event already is, so gaps fill by themselves.
 */
public final class EventFeed implements BridgeListener {

  private static final Logger log = LoggerFactory.getLogger(EventFeed.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final int FILL_PAGE = 500;

  private final SseHub hub;
  private final EventHistory history;
  private long lastId;

  /**
   * @param startAfter the newest id already stored at start: older events are history
   */
  public EventFeed(SseHub hub, EventHistory history, long startAfter) {
    this.hub = hub;
    this.history = history;
    this.lastId = startAfter;
  }

  /**
   * Passes on the stored events up to the message's id. The message itself only says how far
   * to read: MQTT 3.1.1 lets a client's will message reach any topic, and Moquette 0.17 does not
   * ask the authoriser about wills, so a forged summary must never reach a browser.
   */
  @Override
  public synchronized void onEvent(String summaryJson) {
    long id = idOf(summaryJson);
    if (id > lastId) {
      fillUpTo(id);
    }
  }

  @Override
  public synchronized void onLive(boolean live) {
    if (live) {
      fillUpTo(Long.MAX_VALUE);
    }
    hub.setLive(live);
  }

  private void fillUpTo(long lastWanted) {
    while (lastId < lastWanted) {
      List<Event> page = history.after(lastId, FILL_PAGE);
      for (Event event : page) {
        if (event.id() > lastWanted) {
          return;
        }
        hub.broadcast(event.id(), EventJson.summary(event));
        lastId = event.id();
      }
      if (page.size() < FILL_PAGE) {
        return;
      }
    }
  }

  private static long idOf(String summaryJson) {
    try (JsonParser parser = JSON.createParser(summaryJson)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return -1;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        if (name.equals("id")) {
          return parser.getLongValue();
        }
        parser.skipChildren();
      }
    } catch (IOException e) {
      log.warn("Ignored a message on the events topic that is not an event summary: {}",
          e.getMessage());
    }
    return -1;
  }
}
