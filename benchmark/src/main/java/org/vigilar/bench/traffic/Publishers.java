package org.vigilar.bench.traffic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The sensors: K MQTT connections publishing QoS 1 state changes, each paced by its own thread.
 *
 * <p>Publisher {@code j} owns the sensors {@code n} with {@code n % K == j}, so every sensor's
 * messages travel in order over one connection and each really is a change of state. In a
 * paced step message {@code i} is due at {@code start + i / rate}; it carries that intended
 * time, not the moment it left, so a stalled sender shows up as latency instead of hiding it
 * (no coordinated omission). Unpaced, each publisher sends as fast as its window of unacked
 * messages allows, stamping the actual send time.
 */
public final class Publishers implements AutoCloseable {

  /**
   * @param inflight unacknowledged messages each connection may have
   */
  public record Options(String serverUri, int clients, int inflight, Credentials credentials) {

    public Options {
      if (clients < 1 || inflight < 1 || inflight > 65_535) {
        throw new IllegalArgumentException("need 1+ publishers and an inflight window of"
            + " 1-65535, had " + clients + " and " + inflight);
      }
    }
  }

  /**
   * What one step published, counting only messages in the measured window except
   * {@code sentTotal}.
   *
   * @param acked indexes of measured messages the broker acknowledged
   * @param lag how late the pacer sent after the intended time, in microseconds
   * @param capped true when the step ran out of sequence numbers before its end
   */
  public record Outcome(long sent, long ackedCount, long failed, long sentTotal, BitSet acked,
      Histogram lag, boolean capped, List<String> errors) {
  }

  private static final long STALL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final int MAX_ERRORS = 20;
  private static final int CONNECT_ATTEMPTS = 3;

  private final Options options;
  private final BenchPayload payload;
  private final Epoch epoch;
  private final MqttAsyncClient[] clients;
  private final Semaphore[] permits;
  /** Last state sent per sensor; sensor n is only touched by publisher n % K. */
  private final boolean[] open;
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private long nextSeq;

  public Publishers(Options options, BenchPayload payload, Epoch epoch) {
    if (payload.sensors() % options.clients() != 0) {
      throw new IllegalArgumentException("sensors (" + payload.sensors()
          + ") must be a multiple of publishers (" + options.clients() + ")");
    }
    this.options = options;
    this.payload = payload;
    this.epoch = epoch;
    this.clients = new MqttAsyncClient[options.clients()];
    this.permits = new Semaphore[options.clients()];
    this.open = new boolean[payload.sensors()];
  }

  public int count() {
    return clients.length;
  }

  /** Connects every publisher, retrying a dropped connect a few times. */
  public void connect(Duration timeout) throws MqttException, InterruptedException {
    for (int j = 0; j < clients.length; j++) {
      for (int attempt = 1; clients[j] == null; attempt++) {
        try {
          clients[j] = connect(j, timeout);
        } catch (MqttException e) {
          if (attempt == CONNECT_ATTEMPTS) {
            throw e;
          }
          TimeUnit.SECONDS.sleep(1);
        }
      }
      permits[j] = new Semaphore(options.inflight());
    }
  }

  private MqttAsyncClient connect(int j, Duration timeout) throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient(options.serverUri(),
        "bench-pub-" + payload.tag() + "-" + j, new MemoryPersistence());
    MqttConnectOptions connect = new MqttConnectOptions();
    connect.setCleanSession(true);
    connect.setKeepAliveInterval(30);
    connect.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
    connect.setMaxInflight(options.inflight());
    connect.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.credentials().apply(connect);
    try {
      client.connect(connect).waitForCompletion(timeout.toMillis());
      return client;
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
  }

  /** The first sequence number of the next step: aligned so that sensor n stays with n % K. */
  public long nextSeq() {
    return nextSeq;
  }

  /**
   * Publishes through {@code window} and returns when every publisher has stopped and its
   * messages are acknowledged, or {@code drain} has passed.
   *
   * @param rate messages per second over all publishers, or 0 for as fast as possible
   */
  public Outcome run(Window window, double rate, Duration drain) throws InterruptedException {
    if (window.firstSeq() < nextSeq || window.firstSeq() % payload.sensors() != 0) {
      throw new IllegalArgumentException("window must start at nextSeq() or later, on a"
          + " multiple of the sensor count; was " + window.firstSeq());
    }
    SeqSet acked = new SeqSet(window.capacity());
    LongAdder ackedCount = new LongAdder();
    LongAdder failed = new LongAdder();
    List<Pacer> pacers = new ArrayList<>();
    for (int j = 0; j < clients.length; j++) {
      pacers.add(new Pacer(j, window, rate, acked, ackedCount, failed));
    }
    pacers.forEach(Pacer::start);
    long deadline = window.toNanos() + STALL_GRACE_NANOS + drain.toNanos();
    for (Pacer p : pacers) {
      p.thread.join(Math.max(1, (deadline - epoch.nanos()) / 1_000_000));
      if (p.thread.isAlive()) {
        p.thread.interrupt();
        p.thread.join(1000);
      }
    }
    awaitAcks(Math.max(0, deadline - epoch.nanos()));

    long sent = 0;
    long sentTotal = 0;
    long highest = window.firstSeq();
    boolean capped = false;
    Histogram lag = Latencies.histogram();
    for (Pacer p : pacers) {
      sent += p.sentMeasured;
      sentTotal += p.sentTotal;
      highest = Math.max(highest, p.nextSeq);
      capped |= p.capped;
      lag.add(p.lag);
    }
    long sensors = payload.sensors();
    nextSeq = (highest + sensors - 1) / sensors * sensors;
    List<String> copy;
    synchronized (errors) {
      copy = List.copyOf(errors);
      errors.clear();
    }
    return new Outcome(sent, ackedCount.sum(), failed.sum(), sentTotal, acked.snapshot(), lag,
        capped, copy);
  }

  private void awaitAcks(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    for (Semaphore s : permits) {
      long left = deadline - System.nanoTime();
      if (!s.tryAcquire(options.inflight(), Math.max(0, left), TimeUnit.NANOSECONDS)) {
        error("messages still unacknowledged when the step ended: "
            + (options.inflight() - s.availablePermits()));
        continue;
      }
      s.release(options.inflight());
    }
  }

  private void error(String message) {
    synchronized (errors) {
      if (errors.size() < MAX_ERRORS) {
        errors.add(message);
      }
    }
  }

  /** One publisher's sending thread for one step. */
  private final class Pacer implements Runnable, IMqttActionListener {

    private final int j;
    private final Window window;
    private final double periodNanos;
    private final SeqSet acked;
    private final LongAdder ackedCount;
    private final LongAdder failed;
    private final Thread thread;
    private final Histogram lag = Latencies.histogram();
    private long sentMeasured;
    private long sentTotal;
    private long nextSeq;
    private boolean capped;

    Pacer(int j, Window window, double rate, SeqSet acked, LongAdder ackedCount,
        LongAdder failed) {
      this.j = j;
      this.window = window;
      this.periodNanos = rate > 0 ? 1e9 / rate : 0;
      this.acked = acked;
      this.ackedCount = ackedCount;
      this.failed = failed;
      this.thread = new Thread(this, "bench-pub-" + j);
      thread.setDaemon(true);
      this.nextSeq = window.firstSeq() + j;
    }

    void start() {
      thread.start();
    }

    @Override
    public void run() {
      try {
        publishAll();
      } catch (InterruptedException e) {
        error("publisher " + j + " was stopped while stalled");
      } catch (RuntimeException e) {
        error("publisher " + j + " failed: " + e);
      }
    }

    private void publishAll() throws InterruptedException {
      MqttAsyncClient client = clients[j];
      Semaphore slots = permits[j];
      int k = clients.length;
      for (long seq = window.firstSeq() + j; ; seq += k) {
        int index = window.index(seq);
        if (index < 0) {
          capped = true;
          return;
        }
        long intended = periodNanos > 0
            ? window.startNanos() + (long) (index * periodNanos) : epoch.nanos();
        if (intended >= window.toNanos()) {
          return;
        }
        sleepUntil(intended);
        long waitLimit = window.toNanos() + STALL_GRACE_NANOS - epoch.nanos();
        if (!slots.tryAcquire(Math.max(0, waitLimit), TimeUnit.NANOSECONDS)) {
          error("publisher " + j + " stalled: no acknowledgement for "
              + options.inflight() + " messages");
          return;
        }
        long now = epoch.nanos();
        long stamp = periodNanos > 0 ? intended : now;
        if (periodNanos > 0) {
          Latencies.record(lag, now - intended);
        } else if (stamp >= window.toNanos()) {
          slots.release();
          return;
        }
        send(client, seq, index, stamp);
        nextSeq = seq + k;
      }
    }

    private void send(MqttAsyncClient client, long seq, int index, long stamp) {
      boolean measured = window.measured(stamp);
      int sensor = payload.sensorOf(seq);
      boolean state = !open[sensor];
      open[sensor] = state;
      try {
        client.publish(payload.topic(seq), payload.payload(seq, stamp, state), 1, false,
            measured ? index : null, this);
        sentTotal++;
        if (measured) {
          sentMeasured++;
        }
      } catch (MqttException e) {
        permits[j].release();
        if (measured) {
          failed.increment();
        }
        error("publisher " + j + " could not publish: " + e);
      }
    }

    private void sleepUntil(long intended) throws InterruptedException {
      for (long wait = intended - epoch.nanos(); wait > 0; wait = intended - epoch.nanos()) {
        LockSupport.parkNanos(wait);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    }

    @Override
    public void onSuccess(IMqttToken token) {
      Object context = token.getUserContext();
      if (context != null) {
        acked.add((Integer) context);
        ackedCount.increment();
      }
      permits[j].release();
    }

    @Override
    public void onFailure(IMqttToken token, Throwable error) {
      if (token.getUserContext() != null) {
        failed.increment();
      }
      permits[j].release();
      error("publisher " + j + " message failed: " + error);
    }
  }

  @Override
  public void close() {
    for (MqttAsyncClient client : clients) {
      if (client == null) {
        continue;
      }
      try {
        if (client.isConnected()) {
          client.disconnect(0).waitForCompletion(5000);
        }
        client.close(true);
      } catch (MqttException e) {
        error("publisher did not close cleanly: " + e);
      }
    }
  }
}
