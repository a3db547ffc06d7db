package org.vigilar.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vigilar.bench.report.ClientsSummary;
import org.vigilar.bench.report.CpuUse;
import org.vigilar.bench.report.LatencySummary;
import org.vigilar.bench.report.MemoryUse;
import org.vigilar.bench.report.PublishSummary;
import org.vigilar.bench.report.StepResult;
import org.vigilar.bench.sut.HttpProbe;
import org.vigilar.bench.sut.ProcStats;
import org.vigilar.bench.sut.ResourceSampler;
import org.vigilar.bench.sut.SystemUnderTest;
import org.vigilar.bench.traffic.MqttReceivers;
import org.vigilar.bench.traffic.Publishers;
import org.vigilar.bench.traffic.Receivers;
import org.vigilar.bench.traffic.SseClients;
import org.vigilar.bench.traffic.Window;

/**
 * Runs one step: connects the receivers, publishes through warm-up and the measured window,
 * waits for stragglers, and counts.
 */
final class StepRunner {

  private static final Duration RECEIVERS_TIMEOUT = Duration.ofSeconds(60);
  private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  /** A paced step passes only if the generator really sent at (almost) the asked rate. */
  private static final double RATE_TOLERANCE = 0.97;
  private static final Duration QUIET_LIMIT = Duration.ofSeconds(60);
  private static final Duration MAX_DRAIN = Duration.ofSeconds(180);

  private final BenchConfig config;
  private final Progress progress;

  StepRunner(BenchConfig config, Progress progress) {
    this.config = config;
    this.progress = progress;
  }

  StepResult run(Session session, StepSpec spec) throws InterruptedException {
    SystemUnderTest system = session.system();
    progress.step(system.name(), spec);
    awaitQuiet(system);
    try (Receivers receivers = receivers(session, spec)) {
      receivers.connect(RECEIVERS_TIMEOUT);

      long start = session.epoch().nanos() + LEAD_NANOS;
      long from = start + spec.warmup().toNanos();
      long to = from + spec.duration().toNanos();
      Window window = new Window(session.publishers().nextSeq(), capacity(spec, to - start),
          start, from, to);
      receivers.window(window);

      CpuWindow cpuWindow = new CpuWindow(system.pid(), session.epoch(), from, to);
      Publishers.Outcome sent;
      Long rssPeak;
      Receivers.Outcome received;
      try (ResourceSampler sampler = new ResourceSampler(system.pid())) {
        sent = session.publishers().run(window, spec.rate(), config.drain());
        awaitReceipt(receivers, sent.ackedCount());
        rssPeak = sampler.peakKb();
      }
      Long rssEnd = system.pid() > 0 ? ProcStats.rssKb(system.pid()) : null;
      received = receivers.finish(sent.acked());
      CpuUse cpu = cpuWindow.result();
      StepResult result = result(spec, system, window, sent, received, cpu,
          new MemoryUse(cpuWindow.rssStartKb(), rssPeak, rssEnd));
      progress.result(result);
      return result;
    }
  }

  private Receivers receivers(Session session, StepSpec spec) {
    SystemUnderTest system = session.system();
    if (system.http() != null) {
      return new SseClients(new SseClients.Options(system.http(), spec.receivers(),
          config.sseThreads(), session.cookie(), spec.reconnectMean(), config.seed()),
          session.payload(), session.epoch());
    }
    return new MqttReceivers(new MqttReceivers.Options(system.mqttUri(), spec.receivers(),
        session.publishers().count(), config.device(), config.baselineQos()), session.payload(),
        session.epoch());
  }

  private int capacity(StepSpec spec, long nanos) {
    double seconds = nanos / 1e9;
    double rate = spec.rate() > 0 ? spec.rate() : config.maxRateCap();
    long capacity = (long) Math.ceil(rate * seconds) + 2L * config.sensors();
    return (int) Math.min(capacity, Integer.MAX_VALUE - 64);
  }

  /**
   * Waits until every receiver has every acknowledged message. Late messages are still coming
   * while the total grows, so the wait ends only after the drain time passes without one, or
   * at a hard limit; what has not arrived then is lost.
   */
  private void awaitReceipt(Receivers receivers, long perClient) throws InterruptedException {
    long quiet = config.drain().toNanos();
    long hardStop = System.nanoTime() + Math.max(quiet, MAX_DRAIN.toNanos());
    long lastTotal = -1;
    long lastChange = System.nanoTime();
    while (!receivers.received(perClient)) {
      long now = System.nanoTime();
      long total = receivers.arrivals();
      if (total != lastTotal) {
        lastTotal = total;
        lastChange = now;
      }
      if (now - lastChange > quiet || now > hardStop) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /**
   * Before a step, lets the appliance finish what an earlier (perhaps overloaded) step left in
   * its queues: waits until the newest event id stops moving for a second.
   */
  private static void awaitQuiet(SystemUnderTest system) throws InterruptedException {
    if (system.http() == null) {
      TimeUnit.MILLISECONDS.sleep(500);
      return;
    }
    long deadline = System.nanoTime() + QUIET_LIMIT.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      String now = lastEventId(system);
      if (now != null && now.equals(last)) {
        return;
      }
      last = now;
      TimeUnit.SECONDS.sleep(1);
    }
  }

  private static String lastEventId(SystemUnderTest system) {
    try {
      String body = HttpProbe.send(system.http(), "GET", "/healthz", null, 2000).body();
      int at = body.indexOf("\"last_event_id\":");
      return at < 0 ? body : body.substring(at, Math.min(body.length(), at + 40));
    } catch (IOException e) {
      return null;
    }
  }

  private StepResult result(StepSpec spec, SystemUnderTest system, Window window,
      Publishers.Outcome sent, Receivers.Outcome received, CpuUse cpu, MemoryUse memory) {
    double seconds = window.measuredSeconds();
    LatencySummary latency = LatencySummary.of(received.latency());
    ClientsSummary clients = ClientsSummary.of(received.clients());
    PublishSummary publish = new PublishSummary(sent.sent(), sent.ackedCount(), sent.failed(),
        round(sent.sent() / seconds), sent.lag().getTotalCount() == 0 ? 0
            : sent.lag().getValueAtPercentile(99) / 1000.0,
        sent.lag().getMaxValue() / 1000.0, sent.capped());
    double delivered = round(clients.received() / (double) clients.clients() / seconds);
    double receiving = clients.lastArrivalSeconds() <= 0 ? 0
        : round(clients.arrivals() / (double) clients.clients() / clients.lastArrivalSeconds());

    boolean paceKept = spec.rate() == 0 || publish.sentRate() >= RATE_TOLERANCE * spec.rate();
    boolean allAcked = publish.acked() == publish.sent() && publish.failed() == 0;
    boolean stayed = spec.reconnectMean() != null || clients.disconnects() == 0;
    boolean passed = paceKept && allAcked && stayed && clients.clean() && !publish.capped()
        && latency.count() > 0 && latency.p99Ms() <= spec.p99LimitMs();
    List<String> errors = new ArrayList<>(sent.errors());
    errors.addAll(received.errors());
    return new StepResult(system.name(), spec.key(), spec.label(), spec.rate(),
        spec.receivers(), seconds, publish, delivered, receiving, latency, clients, cpu, memory,
        spec.p99LimitMs(), passed, errors.subList(0, Math.min(errors.size(), 20)));
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
