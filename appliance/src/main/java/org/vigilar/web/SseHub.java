package org.vigilar.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.vigilar.events.Event;
import org.vigilar.events.EventJson;
import org.vigilar.metrics.Metrics;

/**
 * The browsers following {@code /events/stream}.
 *
 * <p>Each client has a bounded number of messages in flight; one that stops reading is
 * disconnected and counted, so it can never hold up the others. A client that sends
 * {@code Last-Event-ID} first gets the stored events after that id, while live events are
 * buffered; then the buffer is flushed and the client goes live. Ids are compared on the way
 * out, so the switch-over has no gap and no duplicate.
 */
public final class SseHub implements AutoCloseable {

  static final String CONNECTED = "{\"type\":\"connected\"}";
  private static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");
  private static final Logger log = LoggerFactory.getLogger(SseHub.class);
  private static final long KEEPALIVE_MS = 10_000;
  private static final int REPLAY_PAGE = 500;
  private static final long REPLAY_STALL_MS = 30_000;

  private final EventHistory history;
  private final Metrics metrics;
  private final int maxPending;
  private final int maxBuffered;
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  /** The same clients by the I/O thread that writes to them. */
  private final Map<XnioIoThread, ThreadOutbox> byThread = new ConcurrentHashMap<>();
  private final ExecutorService replays;
  private volatile boolean live;
  private volatile boolean closed;

  /**
   * @param maxPending messages a client may have unsent before it is disconnected
   */
  public SseHub(EventHistory history, Metrics metrics, int maxPending) {
    this.history = history;
    this.metrics = metrics;
    this.maxPending = maxPending;
    this.maxBuffered = maxPending * 10;
    AtomicInteger threads = new AtomicInteger();
    this.replays = new ThreadPoolExecutor(1, 4, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(1024), r -> {
          Thread t = new Thread(r, "vigilar-sse-replay-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    metrics.describe("vigilar_sse_slow_disconnects_total",
        "SSE clients disconnected because they did not read their events");
    metrics.describe("vigilar_sse_messages_total", "Event messages queued to SSE clients");
    metrics.gauge("vigilar_sse_clients", "Connected SSE clients", clients::size);
  }

  public int clientCount() {
    return clients.size();
  }

  /** Whether live updates are flowing; sent to every client as a {@code bridge} event. */
  public void setLive(boolean value) {
    live = value;
    for (Client client : clients) {
      client.sendStatus(value);
    }
  }

  /**
   * The handler of {@code GET /events/stream}. It opens the stream as Undertow's
   * {@code ServerSentEventHandler} does, but keeps the network connection, so that a client
   * that stops reading can be cut off at once: closing only the event stream would wait,
   * without limit, for the client to read what is already buffered.
   */
  public HttpHandler handler() {
    return this::open;
  }

  private void open(HttpServerExchange exchange) throws IOException {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=UTF-8");
    exchange.setPersistent(false);
    StreamSinkChannel sink = exchange.getResponseChannel();
    if (sink.flush()) {
      exchange.dispatch(exchange.getIoThread(), () -> attach(exchange, sink));
      return;
    }
    sink.getWriteSetter().set(ChannelListeners.flushingChannelListener(
        channel -> attach(exchange, sink),
        (channel, e) -> IoUtils.safeClose(exchange.getConnection())));
    sink.resumeWrites();
  }

  private void attach(HttpServerExchange exchange, StreamSinkChannel sink) {
    connected(new ServerSentEventConnection(exchange, sink),
        exchange.getRequestHeaders().getLast(LAST_EVENT_ID), exchange.getConnection());
  }

  /**
   * @param network the client's network connection, closed when it is too slow
   */
  private void connected(ServerSentEventConnection connection, String lastEventIdHeader,
      ServerConnection network) {
    if (closed) {
      closeQuietly(connection);
      return;
    }
    Long resumeAfter = resumePoint(connection, lastEventIdHeader);
    Client client = new Client(connection, network, resumeAfter != null);
    connection.setKeepAliveTime(KEEPALIVE_MS);
    connection.addCloseTask(c -> client.forget());
    // Holding the client's monitor keeps a concurrent broadcast from overtaking the
    // connected message, which the contract puts first.
    synchronized (client) {
      clients.add(client);
      byThread.computeIfAbsent(network.getIoThread(), ThreadOutbox::new).clients.add(client);
      client.send(CONNECTED, null, null);
      client.sendStatus(live);
    }
    if (resumeAfter != null) {
      try {
        replays.execute(() -> client.replay(resumeAfter));
      } catch (RejectedExecutionException e) {
        log.warn("Too many SSE replays in progress; closing the stream of {}", client.peer());
        client.close();
      }
    }
  }

  private static Long resumePoint(ServerSentEventConnection connection, String header) {
    String value = header;
    if (value == null || value.isBlank()) {
      var query = connection.getQueryParameters().get("lastEventId");
      value = query == null ? null : query.peekFirst();
    }
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(value.strip());
      return id < 0 ? null : id;
    } catch (NumberFormatException e) {
      // A browser only sends ids we gave it; anything else starts live, without a replay.
      return null;
    }
  }

  /**
   * Sends one committed event to every client; ids must arrive in increasing order.
   *
   * <p>Events go to each I/O thread's outbox, which that thread drains in one task for all its
   * clients. Queuing from another thread would wake the I/O thread once per client and event,
   * most of a broadcast's cost with a thousand browsers; and events that arrive while a
   * drain is pending leave in the same write to each browser.
   */
  public void broadcast(long id, String summaryJson) {
    Pending event = new Pending(id, summaryJson);
    for (ThreadOutbox outbox : byThread.values()) {
      outbox.add(event);
    }
  }

  /** Events on their way to the clients of one I/O thread, in id order. */
  private final class ThreadOutbox {

    private final XnioIoThread thread;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final List<Pending> waiting = new ArrayList<>();
    private boolean scheduled;

    ThreadOutbox(XnioIoThread thread) {
      this.thread = thread;
    }

    void add(Pending event) {
      synchronized (this) {
        if (waiting.size() >= maxBuffered) {
          // The thread has not run for a long while; its clients cannot be kept whole.
          waiting.clear();
          clients.forEach(c -> c.slow("their I/O thread fell " + maxBuffered + " events behind"));
        }
        waiting.add(event);
        if (scheduled) {
          return;
        }
        scheduled = true;
      }
      try {
        thread.execute(this::drain);
      } catch (RejectedExecutionException e) {
        // The web server is stopping; its streams are being closed.
        synchronized (this) {
          waiting.clear();
          scheduled = false;
        }
        log.debug("Event {} not queued to {} SSE clients: {}", event.id(), clients.size(),
            e.getMessage());
      }
    }

    private void drain() {
      List<Pending> batch;
      synchronized (this) {
        batch = new ArrayList<>(waiting);
        waiting.clear();
        scheduled = false;
      }
      for (Client client : clients) {
        client.offer(batch);
      }
    }
  }

  /** Closes every stream so the web server can stop without waiting for them. */
  @Override
  public void close() {
    closed = true;
    replays.shutdownNow();
    for (Client client : clients) {
      client.close();
    }
    clients.clear();
    byThread.clear();
  }

  private static void closeQuietly(ServerSentEventConnection connection) {
    try {
      connection.close();
    } catch (IOException e) {
      log.debug("Closing an SSE stream failed: {}", e.getMessage());
    }
  }

  private record Pending(long id, String json) {
  }

  /** One browser's stream. Its state is guarded by the client's monitor. */
  private final class Client implements ServerSentEventConnection.EventCallback {

    private final ServerSentEventConnection connection;
    private final ServerConnection network;
    private final AtomicInteger pending = new AtomicInteger();
    private final Deque<Pending> buffer = new ArrayDeque<>();
    private boolean catchingUp;
    private long lastSentId;

    Client(ServerSentEventConnection connection, ServerConnection network, boolean catchingUp) {
      this.connection = connection;
      this.network = network;
      this.catchingUp = catchingUp;
    }

    String peer() {
      return connection.getRequestHeaders().getFirst("X-Forwarded-For") != null
          ? connection.getRequestHeaders().getFirst("X-Forwarded-For") : "an SSE client";
    }

    synchronized void offer(List<Pending> events) {
      for (Pending event : events) {
        offer(event.id(), event.json());
      }
    }

    synchronized void offer(long id, String json) {
      if (catchingUp) {
        if (buffer.size() >= maxBuffered) {
          slow("its replay buffer overflowed");
          return;
        }
        buffer.add(new Pending(id, json));
        return;
      }
      sendEvent(id, json);
    }

    /** Sends stored events after {@code afterId}, then whatever arrived live meanwhile. */
    void replay(long afterId) {
      long cursor = afterId;
      try {
        while (connection.isOpen()) {
          List<Event> page = history.after(cursor, REPLAY_PAGE);
          synchronized (this) {
            for (Event event : page) {
              sendEvent(event.id(), EventJson.summary(event));
            }
          }
          if (page.size() < REPLAY_PAGE) {
            break;
          }
          cursor = page.get(page.size() - 1).id();
          awaitDrained();
        }
        synchronized (this) {
          for (Pending p : buffer) {
            sendEvent(p.id(), p.json());
          }
          buffer.clear();
          catchingUp = false;
        }
      } catch (RuntimeException e) {
        log.warn("Replay for an SSE client failed after id {}: {}", cursor, e.getMessage());
        close();
      }
    }

    private void awaitDrained() {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REPLAY_STALL_MS);
      synchronized (pending) {
        while (pending.get() > maxPending / 2 && connection.isOpen()) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) {
            slow("it stalled during a replay");
            return;
          }
          try {
            pending.wait(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            return;
          }
        }
      }
    }

    /** Caller holds this client's monitor. */
    private void sendEvent(long id, String json) {
      if (id <= lastSentId) {
        return;
      }
      if (pending.get() >= maxPending) {
        slow(pending.get() + " events were unsent");
        return;
      }
      lastSentId = id;
      metrics.counter("vigilar_sse_messages_total").increment();
      send(json, null, Long.toString(id));
    }

    synchronized void sendStatus(boolean isLive) {
      send(isLive ? "{\"live\":true}" : "{\"live\":false}", "bridge", null);
    }

    void send(String data, String event, String id) {
      if (!connection.isOpen()) {
        return;
      }
      pending.incrementAndGet();
      connection.send(data, event, id, this);
    }

    void slow(String why) {
      metrics.counter("vigilar_sse_slow_disconnects_total").increment();
      log.debug("Disconnecting a slow SSE client: {}", why);
      close();
      // The stream's own close waits for the client to read its backlog; drop the socket.
      IoUtils.safeClose(network);
    }

    void close() {
      forget();
      closeQuietly(connection);
    }

    void forget() {
      clients.remove(this);
      ThreadOutbox outbox = byThread.get(network.getIoThread());
      if (outbox != null) {
        outbox.clients.remove(this);
      }
    }

    @Override
    public void done(ServerSentEventConnection c, String data, String event, String id) {
      released();
    }

    @Override
    public void failed(ServerSentEventConnection c, String data, String event, String id,
        IOException e) {
      released();
    }

    private void released() {
      pending.decrementAndGet();
      synchronized (pending) {
        pending.notifyAll();
      }
    }
  }
}
