package org.vigilar.bench.traffic;

import java.util.Arrays;
import java.util.BitSet;
import org.HdrHistogram.Histogram;
import org.vigilar.bench.report.ClientResult;

/**
 * One receiver's view of a step: which messages arrived, which twice, which out of order, and
 * how late.
 *
 * <p>Order is checked per lane: an SSE client has one lane ordered by event id, an MQTT
 * subscriber one lane per publisher ordered by sequence number. Written by one receiving
 * thread; read only after that thread stopped, or under the same lock as the writes.
 */
public final class Tally {

  private final int client;
  private final Histogram latency;
  private final long[] lastOrder;
  private final BitSet seen = new BitSet();
  private volatile Window window;
  /** Written by the receiving thread only; read by the step while it waits for stragglers. */
  private volatile long received;
  /** Distinct messages of the step, warm-up included; shows progress while stragglers come. */
  private volatile long arrivals;
  private long lastArrivalNanos = -1;
  private long duplicates;
  private long outOfOrder;
  private long replayed;
  private long foreign;
  private long disconnects;
  private long reconnects;
  private long generationStart = -1;

  /**
   * @param latency where measured latencies go; may be shared by the tallies of one thread
   * @param lanes how many independently ordered streams arrive here
   */
  Tally(int client, Histogram latency, int lanes) {
    this.client = client;
    this.latency = latency;
    this.lastOrder = new long[lanes];
    Arrays.fill(lastOrder, -1);
  }

  void window(Window value) {
    window = value;
  }

  /**
   * Notes one received message.
   *
   * @param orderKey must increase within {@code lane}: an event id or a sequence number
   * @param nowNanos receipt time since the epoch
   */
  void record(long seq, long sendNanos, long orderKey, int lane, long nowNanos) {
    Window w = window;
    int index = w == null ? -1 : w.index(seq);
    if (index < 0) {
      foreign++;
      return;
    }
    boolean duplicate = seen.get(index);
    if (duplicate) {
      duplicates++;
    } else if (orderKey <= lastOrder[lane]) {
      outOfOrder++;
    }
    lastOrder[lane] = Math.max(lastOrder[lane], orderKey);
    if (duplicate) {
      return;
    }
    seen.set(index);
    arrivals++;
    lastArrivalNanos = nowNanos;
    if (!w.measured(sendNanos)) {
      return;
    }
    received++;
    if (sendNanos < generationStart) {
      // Sent while this client was away and replayed after it came back: its delay is the
      // reconnect, not the pipeline.
      replayed++;
    } else {
      Latencies.record(latency, nowNanos - sendNanos);
    }
  }

  /** The highest order key of lane 0: for an SSE client, the last event id it saw. */
  long lastId() {
    return lastOrder[0];
  }

  void disconnected() {
    disconnects++;
  }

  /** A new connection starts at {@code nowNanos}; older messages arriving on it are replays. */
  void reconnected(long nowNanos) {
    reconnects++;
    generationStart = nowNanos;
  }

  long received() {
    return received;
  }

  long arrivals() {
    return arrivals;
  }

  /** This client's result; {@code expected} holds the step indexes it should have seen. */
  ClientResult result(BitSet expected) {
    BitSet missing = (BitSet) expected.clone();
    missing.andNot(seen);
    Window w = window;
    double lastArrival = w == null || lastArrivalNanos < 0 ? 0
        : Math.round((lastArrivalNanos - w.startNanos()) / 1e6) / 1000.0;
    return new ClientResult(client, received, arrivals, lastArrival, missing.cardinality(),
        duplicates, outOfOrder, replayed, foreign, disconnects, reconnects);
  }
}
