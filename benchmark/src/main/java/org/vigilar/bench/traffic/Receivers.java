package org.vigilar.bench.traffic;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.vigilar.bench.report.ClientResult;

/** The clients at the receiving end of a step: SSE browsers, or MQTT subscribers. */
public interface Receivers extends AutoCloseable {

  /** What the receivers saw, once they are stopped. */
  record Outcome(List<ClientResult> clients, Histogram latency, List<String> errors) {
  }

  int count();

  /**
   * Connects every client and returns once each is ready to receive.
   *
   * @throws IllegalStateException when not all are ready within {@code timeout}
   */
  void connect(Duration timeout) throws InterruptedException;

  /** Starts counting the messages of {@code window}; call before publishing starts. */
  void window(Window window);

  /** True when every client has received at least {@code perClient} measured messages. */
  boolean received(long perClient);

  /** Distinct messages of the step, warm-up included, received by all clients so far. */
  long arrivals();

  /**
   * Stops the clients and reports.
   *
   * @param expected the step indexes every client should have received
   */
  Outcome finish(BitSet expected);

  @Override
  void close();
}
