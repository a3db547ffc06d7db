package org.vigilar.bench.traffic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** One selector thread serving many SSE connections; owns their latency histogram. */
final class SseLoop implements Runnable {

  private static final long TICK_MS = 20;
  private static final int MAX_ERRORS = 20;

  private final Selector selector;
  private final Epoch epoch;
  private final Histogram latency = Latencies.histogram();
  private final Queue<SseConnection> toOpen = new ConcurrentLinkedQueue<>();
  private final List<SseConnection> connections = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private long errorCount;

  SseLoop(String name, Epoch epoch) {
    this.epoch = epoch;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    this.thread = new Thread(this, name);
    thread.setDaemon(true);
  }

  Histogram latency() {
    return latency;
  }

  void start() {
    thread.start();
  }

  /** Queues a connection to be opened by the loop thread. */
  void open(SseConnection connection) {
    toOpen.add(connection);
    selector.wakeup();
  }

  @Override
  public void run() {
    try {
      while (running) {
        selector.select(TICK_MS);
        long now = epoch.nanos();
        for (SseConnection c; (c = toOpen.poll()) != null; ) {
          connections.add(c);
          c.open(selector, now);
        }
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isValid()) {
            ((SseConnection) key.attachment()).handle(key, now);
          }
        }
        selector.selectedKeys().clear();
        for (SseConnection c : connections) {
          c.tick(selector, now);
        }
      }
    } catch (IOException e) {
      error("selector failed: " + e.getMessage());
    } finally {
      connections.forEach(SseConnection::shutdown);
      try {
        selector.close();
      } catch (IOException e) {
        error("closing the selector: " + e.getMessage());
      }
    }
  }

  /** Notes a problem; the first few are kept word for word. */
  void error(String message) {
    errorCount++;
    if (errors.size() < MAX_ERRORS) {
      errors.add(message);
    }
  }

  /** Stops the thread and waits for it, after which its state may be read. */
  void stop() throws InterruptedException {
    running = false;
    selector.wakeup();
    thread.join(TimeUnit.SECONDS.toMillis(10));
    if (thread.isAlive()) {
      throw new IllegalStateException(thread.getName() + " did not stop within 10 s");
    }
  }

  /** Errors seen, read after {@link #stop()}. */
  List<String> errors() {
    List<String> all = new ArrayList<>(errors);
    if (errorCount > errors.size()) {
      all.add("... " + (errorCount - errors.size()) + " more");
    }
    return all;
  }
}
