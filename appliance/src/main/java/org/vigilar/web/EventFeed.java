package org.vigilar.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.bridge.BridgeListener;
import org.vigilar.events.Event;
import org.vigilar.events.EventJson;
import org.vigilar.events.RecentEvents;

/**
 * Puts what the bridge hears into strict id order for the SSE hub.
 *
 * <p>MQTT may lose messages while the bridge reconnects, and may deliver one twice. The feed
 * remembers the last id it passed on; a duplicate is dropped, and every event passed on is taken
 * from what this process committed (the recent events in memory, or the store for a feed that
 * fell behind), never from the message, so gaps fill by themselves.
 */
public final class EventFeed implements BridgeListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventFeed.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final int FILL_PAGE = 500;

  private final SseHub hub;
  private final EventHistory history;
  private final RecentEvents recent;
  private final LongSupplier newestId;
  private long lastId;
  private boolean live;
  private ScheduledExecutorService poller;

  /**
   * @param recent committed events still in memory, read before the store
   * @param startAfter the newest id already stored at start: older events are history
   * @param newestId the newest published id, read cheaply by {@link #poll()}
   */
  public EventFeed(SseHub hub, EventHistory history, RecentEvents recent, long startAfter,
      LongSupplier newestId) {
    this.hub = hub;
    this.history = history;
    this.recent = recent;
    this.lastId = startAfter;
    this.newestId = newestId;
  }

  /**
   * Catches up with events whose MQTT message was lost (the bridge subscribes with QoS 0).
   * Called every few hundred milliseconds; does nothing while the bridge is paused, so the
   * page's "paused" stays true.
   */
  public synchronized void poll() {
    if (live && newestId.getAsLong() > lastId) {
      fillUpTo(newestId.getAsLong());
    }
  }

  /**
   * Passes on the stored events up to the message's id. The message itself only says how far
   * to read: the web tier may follow a broker it does not guard, where any client could publish
   * on the topic (directly or through its will), so a forged summary must never reach a browser.
   */
  @Override
  public synchronized void onEvent(String summaryJson) {
    long id = idOf(summaryJson);
    if (id > lastId) {
      fillUpTo(id);
    }
  }

  /** Polls every {@code periodMs} on a thread of its own until {@link #close()}. */
  public synchronized void startPolling(long periodMs) {
    poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vigilar-event-feed");
      t.setDaemon(true);
      return t;
    });
    poller.scheduleWithFixedDelay(this::pollQuietly, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.warn("Event feed could not catch up from the store: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (this) {
      running = poller;
      poller = null;
    }
    if (running != null) {
      running.shutdownNow();
    }
  }

  @Override
  public synchronized void onLive(boolean live) {
    this.live = live;
    if (live) {
      fillUpTo(Long.MAX_VALUE);
    }
    hub.setLive(live);
  }

  private void fillUpTo(long lastWanted) {
    while (lastId < lastWanted) {
      List<RecentEvents.Entry> kept = recent.after(lastId, lastWanted, FILL_PAGE);
      int read = kept != null ? passOn(kept) : passOnStored(lastWanted);
      if (read < FILL_PAGE) {
        return;
      }
    }
  }

  private int passOn(List<RecentEvents.Entry> kept) {
    for (RecentEvents.Entry entry : kept) {
      hub.broadcast(entry.id(), entry.summaryJson());
      lastId = entry.id();
    }
    return kept.size();
  }

  /** The slow path, for a feed that fell behind the events kept in memory. */
  private int passOnStored(long lastWanted) {
    List<Event> page = history.after(lastId, FILL_PAGE);
    for (Event event : page) {
      if (event.id() > lastWanted) {
        return 0;
      }
      hub.broadcast(event.id(), EventJson.summary(event));
      lastId = event.id();
    }
    return page.size();
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
