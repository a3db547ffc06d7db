package org.vigilar.push;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.store.Database;
import org.vigilar.store.StoreException;

/**
 * Takes due alerts from the outbox and sends them, a bounded number at a time, one at a time
 * per subscription; records each answer and schedules retries.
 *
 * <p>Logging follows subscriptions, not attempts: one line when a subscription starts failing,
 * recovers or is removed, none per retry. Everything else is in the metrics.
 */
final class Courier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Courier.class);
  private static final int HEADS = 256;
  private static final long IDLE_WAIT_MS = 30_000;

  private final Database db;
  private final Outbox outbox;
  private final SubscriptionStore subscriptions;
  private final PushSender sender;
  private final Backoff backoff;
  private final Clock clock;
  private final PushMetrics metrics;
  private final int senders;
  private final ExecutorService pool;
  private final Thread scheduler;
  /** Subscriptions with a request in flight; at most one each, at most {@code senders}. */
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final Object signal = new Object();
  private boolean woken;
  private volatile boolean closed;

  Courier(Database db, Outbox outbox, SubscriptionStore subscriptions, PushSender sender,
      Backoff backoff, Clock clock, PushMetrics metrics, int senders) {
    this.db = db;
    this.outbox = outbox;
    this.subscriptions = subscriptions;
    this.sender = sender;
    this.backoff = backoff;
    this.clock = clock;
    this.metrics = metrics;
    this.senders = senders;
    AtomicInteger threads = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(senders, senders, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "vigilar-push-send-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.scheduler = new Thread(this::run, "vigilar-push-outbox");
    this.scheduler.setDaemon(true);
  }

  void start() {
    scheduler.start();
  }

  /** Asks for a look at the outbox now: new rows, or a send finished. */
  void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  int inFlight() {
    return busy.size();
  }

  private void run() {
    while (!closed) {
      long waitMs;
      try {
        waitMs = pass();
      } catch (StoreException e) {
        log.warn("Push outbox cannot be read: {}", e.getMessage());
        waitMs = 1_000;
      }
      synchronized (signal) {
        try {
          if (!woken && !closed) {
            signal.wait(Math.max(waitMs, 1));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        woken = false;
      }
    }
  }

  /** Starts what is due; returns how long until the next row falls due. */
  private long pass() {
    Instant now = clock.instant();
    // Taken before the read: a send that finishes in between must not look idle with a row
    // read before its result was recorded, or that row would go out twice.
    Set<String> busyBefore = Set.copyOf(busy);
    List<Delivery> heads = outbox.heads(HEADS);
    long waitMs = IDLE_WAIT_MS;
    for (Delivery d : heads) {
      if (busyBefore.contains(d.subscriptionId()) || busy.contains(d.subscriptionId())) {
        continue;
      }
      if (d.expiredAt(now)) {
        expire(d);
        waitMs = 0;
        continue;
      }
      if (d.nextAttemptAt().isAfter(now)) {
        waitMs = Math.min(waitMs, Duration.between(now, d.nextAttemptAt()).toMillis() + 1);
        continue;
      }
      if (busy.size() >= senders) {
        // A finishing send wakes the scheduler.
        continue;
      }
      busy.add(d.subscriptionId());
      pool.execute(() -> deliver(d));
    }
    return waitMs;
  }

  private void expire(Delivery d) {
    db.write(tx -> {
      outbox.remove(tx, d.id());
      return null;
    });
    metrics.expired();
    log.debug("Push {} expired before delivery", d);
  }

  private void deliver(Delivery d) {
    try {
      SendResult result = sender.send(d);
      metrics.sent(result);
      record(d, result);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The row stays in the outbox and is tried again at the next pass.
      log.warn("Push {} failed unexpectedly", d, e);
    } finally {
      busy.remove(d.subscriptionId());
      wake();
    }
  }

  private void record(Delivery d, SendResult result) {
    Instant now = clock.instant();
    String sub = d.subscriptionId();
    String service = Endpoints.service(d.endpoint());
    switch (result.outcome()) {
      case DELIVERED -> {
        Optional<SubscriptionStatus> before = db.write(tx -> {
          outbox.remove(tx, d.id());
          return subscriptions.delivered(tx, sub, now);
        });
        if (before.orElse(null) == SubscriptionStatus.FAILING) {
          log.info("Push subscription {} ({}) accepts alerts again", sub, service);
        }
      }
      case GONE -> {
        Optional<SubscriptionStatus> before = db.write(tx -> {
          outbox.removeAll(tx, sub);
          return subscriptions.failed(tx, sub, now, result.reason(), SubscriptionStatus.GONE);
        });
        if (before.isPresent() && before.get() != SubscriptionStatus.GONE) {
          metrics.removed();
          log.info("Push subscription {} ({}) removed: the push service answered {}", sub,
              service, result.reason());
        }
      }
      case REJECTED -> {
        Optional<SubscriptionStatus> before = db.write(tx -> {
          outbox.remove(tx, d.id());
          return subscriptions.failed(tx, sub, now, result.reason(), SubscriptionStatus.FAILING);
        });
        if (before.orElse(null) == SubscriptionStatus.ACTIVE) {
          log.warn("Push subscription {} ({}) failing: {}; the alert was refused and dropped",
              sub, service, result.reason());
        }
      }
      default -> retryLater(d, result, now);
    }
  }

  private void retryLater(Delivery d, SendResult result, Instant now) {
    int attempts = d.attempts() + 1;
    Instant next = now.plus(backoff.delay(attempts, result.retryAfter()));
    boolean expires = !next.isBefore(d.expiresAt());
    Optional<SubscriptionStatus> before = db.write(tx -> {
      if (expires) {
        outbox.remove(tx, d.id());
      } else {
        outbox.retryAt(tx, d.id(), attempts, next);
      }
      return subscriptions.failed(tx, d.subscriptionId(), now, result.reason(),
          SubscriptionStatus.FAILING);
    });
    if (expires) {
      metrics.expired();
    }
    if (before.orElse(null) == SubscriptionStatus.ACTIVE) {
      log.warn("Push subscription {} ({}) failing: {}; retrying with backoff",
          d.subscriptionId(), Endpoints.service(d.endpoint()), result.reason());
    }
  }

  /**
   * Stops sending. Requests still waiting for an answer are abandoned; their rows stay in the
   * outbox and go out after the next start.
   */
  @Override
  public void close() {
    closed = true;
    wake();
    try {
      scheduler.join(5_000);
      pool.shutdownNow();
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("Push senders still running 5 s after stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
