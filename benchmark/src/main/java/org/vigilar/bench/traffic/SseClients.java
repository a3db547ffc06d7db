package org.vigilar.bench.traffic;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.vigilar.bench.report.ClientResult;

/**
 * Browsers following the appliance's {@code /events/stream}: many connections on a few
 * selector threads, so that a thousand clients cost a thousand sockets and not a thousand
 * threads.
 */
public final class SseClients implements Receivers {

  /**
   * @param cookie session cookie for the stream, or null when none is needed
   * @param reconnectMean mean time between a client's random reconnects, or null for none
   */
  public record Options(InetSocketAddress server, int clients, int threads, String cookie,
      Duration reconnectMean, long seed) {

    public Options {
      if (clients < 1 || threads < 1) {
        throw new IllegalArgumentException("need at least one client and one thread, had "
            + clients + " and " + threads);
      }
      if (!server.getAddress().isLoopbackAddress()) {
        throw new IllegalArgumentException("SSE clients connect to loopback only, not "
            + server);
      }
    }
  }

  /** Connections opened per burst while connecting, so the server's backlog never overflows. */
  private static final int CONNECT_BURST = 100;

  private final Options options;
  private final List<SseLoop> loops = new ArrayList<>();
  private final List<SseConnection> connections = new ArrayList<>();
  private final CountDownLatch ready;
  private boolean stopped;

  public SseClients(Options options, BenchPayload payload, Epoch epoch) {
    this.options = options;
    this.ready = new CountDownLatch(options.clients());
    int threads = Math.min(options.threads(), options.clients());
    for (int t = 0; t < threads; t++) {
      loops.add(new SseLoop("bench-sse-" + t, epoch));
    }
    for (int i = 0; i < options.clients(); i++) {
      SseLoop loop = loops.get(i % threads);
      Reconnects reconnects = options.reconnectMean() == null ? null
          : new Reconnects(options.reconnectMean(), options.seed() * 31 + i);
      connections.add(new SseConnection(loop, options.server(), options.cookie(), payload,
          new BenchPayload.Fields(), new Tally(i, loop.latency(), 1), reconnects, ready));
    }
  }

  @Override
  public int count() {
    return connections.size();
  }

  @Override
  public void connect(Duration timeout) throws InterruptedException {
    loops.forEach(SseLoop::start);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < connections.size(); i++) {
      SseConnection c = connections.get(i);
      loops.get(i % loops.size()).open(c);
      if ((i + 1) % CONNECT_BURST == 0) {
        // Let the burst be accepted before the next one.
        long left = deadline - System.nanoTime();
        long target = connections.size() - (i + 1);
        while (ready.getCount() > target && left > 0) {
          TimeUnit.MILLISECONDS.sleep(5);
          left = deadline - System.nanoTime();
        }
      }
    }
    long left = deadline - System.nanoTime();
    if (!ready.await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException((connections.size() - ready.getCount()) + " of "
          + connections.size() + " SSE clients connected within " + timeout.toSeconds()
          + " s; first errors: " + firstErrorsSoFar());
    }
  }

  private String firstErrorsSoFar() {
    // Stopping the loops makes their errors safe to read; the clients are done anyway.
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<String> errors = new ArrayList<>();
    loops.forEach(l -> errors.addAll(l.errors()));
    return errors.isEmpty() ? "none" : String.join("; ", errors.subList(0,
        Math.min(3, errors.size())));
  }

  @Override
  public void window(Window window) {
    connections.forEach(c -> c.tally().window(window));
  }

  @Override
  public boolean received(long perClient) {
    for (SseConnection c : connections) {
      if (c.tally().received() < perClient) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long arrivals() {
    long total = 0;
    for (SseConnection c : connections) {
      total += c.tally().arrivals();
    }
    return total;
  }

  @Override
  public Outcome finish(BitSet expected) {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the SSE clients", e);
    }
    Histogram latency = Latencies.histogram();
    List<String> errors = new ArrayList<>();
    for (SseLoop loop : loops) {
      latency.add(loop.latency());
      errors.addAll(loop.errors());
    }
    List<ClientResult> clients = new ArrayList<>(connections.size());
    for (SseConnection c : connections) {
      clients.add(c.tally().result(expected));
    }
    return new Outcome(clients, latency, errors);
  }

  private void stop() throws InterruptedException {
    if (stopped) {
      return;
    }
    stopped = true;
    for (SseLoop loop : loops) {
      loop.stop();
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalStateException e) {
      // Already reported by whoever stopped the loops first.
    }
  }
}
