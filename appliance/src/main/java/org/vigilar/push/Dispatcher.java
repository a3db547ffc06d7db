package org.vigilar.push;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.alarm.ArmMode;
import org.vigilar.events.Event;
import org.vigilar.events.EventObserver;
import org.vigilar.events.EventStore;
import org.vigilar.store.Database;
import org.vigilar.store.StoreException;

/**
 * Turns committed events into outbox rows, following the rules and the arm mode.
 *
 * <p>The event processor hands each event over with a non-blocking offer to a bounded queue,
 * so the pipeline never waits for push. Nothing is lost when the queue is full or the
 * appliance stops: a cursor in the store remembers the last event handled, and anything after
 * it is read back from the event store (which has every published event). The cursor moves in
 * the same transaction as the outbox rows it stands for.
 */
final class Dispatcher implements EventObserver, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final int CATCH_UP_PAGE = 200;
  private static final long STORE_RETRY_MS = 1_000;
  private static final long CURSOR_WRITE_NANOS = TimeUnit.SECONDS.toNanos(1);
  /**
   * How long the worker lets events gather after a batch. Woken for every event, it would be
   * one more runnable thread next to those carrying that event to the browsers, on a box with
   * two cores; an alert to a phone can wait these few milliseconds.
   */
  private static final long LINGER_MS = 10;

  private final Database db;
  private final EventStore events;
  private final SubscriptionStore subscriptions;
  private final Outbox outbox;
  private final PushState state;
  private final RuleBook rules;
  private final Supplier<ArmMode> armMode;
  private final Clock clock;
  private final PushMetrics metrics;
  private final Runnable queued;
  private final BlockingQueue<Handed> handoff;
  private final Thread worker;
  /** Set when an event could not be handed off: the worker reads the store after the cursor. */
  private volatile boolean behind;
  private volatile boolean stopping;
  /** The last event handled; only the worker thread touches it after {@link #start()}. */
  private long cursor;
  /** The cursor as last written, and when (monotonic): see {@link #handle}. */
  private long savedCursor;
  private long savedAtNanos;

  /**
   * @param queued told after new rows are committed to the outbox
   */
  Dispatcher(Database db, EventStore events, SubscriptionStore subscriptions, Outbox outbox,
      PushState state, RuleBook rules, Supplier<ArmMode> armMode, Clock clock,
      PushMetrics metrics, Runnable queued, int capacity) {
    this.db = db;
    this.events = events;
    this.subscriptions = subscriptions;
    this.outbox = outbox;
    this.state = state;
    this.rules = rules;
    this.armMode = armMode;
    this.clock = clock;
    this.metrics = metrics;
    this.queued = queued;
    this.handoff = new ArrayBlockingQueue<>(capacity);
    this.worker = new Thread(this::run, "vigilar-push-dispatch");
    this.worker.setDaemon(true);
  }

  /** An event with the arm mode when it was committed. */
  private record Handed(Event event, ArmMode mode) {
  }

  /**
   * Never blocks: called on the event processor's thread. The arm mode is read here, so an
   * event is judged by the mode it happened in, not the one when its alert is queued.
   */
  @Override
  public void committed(Event event) {
    if (!handoff.offer(new Handed(event, armMode.get()))) {
      behind = true;
      metrics.overflow();
    }
  }

  /**
   * Reads the cursor (on first start: the newest stored event, so history is not pushed) and
   * starts the worker. Call before the event processor starts.
   */
  void start() {
    cursor = state.get(PushState.CURSOR).map(Long::parseLong).orElseGet(() -> {
      long latest = events.latestId();
      state.put(PushState.CURSOR, Long.toString(latest));
      return latest;
    });
    savedCursor = cursor;
    savedAtNanos = System.nanoTime();
    behind = true;
    worker.start();
  }

  private void run() {
    List<Handed> batch = new ArrayList<>();
    while (!(stopping && handoff.isEmpty() && !behind)) {
      try {
        Handed first = handoff.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          handoff.drainTo(batch);
        } else if (System.nanoTime() - savedAtNanos >= CURSOR_WRITE_NANOS) {
          saveCursor();
        }
        if (behind || (!batch.isEmpty() && batch.get(0).event().id() > cursor + 1)) {
          behind = false;
          catchUp();
        }
        handle(batch.stream().filter(h -> h.event().id() > cursor).toList());
        if (first != null && !stopping) {
          Thread.sleep(LINGER_MS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (StoreException e) {
        // The events stay in the store; read them back once it accepts writes again.
        behind = true;
        log.warn("Push dispatch cannot use the store ({}); retrying after event {}",
            e.getMessage(), cursor);
        if (!pause()) {
          return;
        }
      } finally {
        batch.clear();
      }
    }
    try {
      saveCursor();
    } catch (StoreException e) {
      log.warn("Push dispatch could not save its place ({}); events after {} are read again"
          + " at the next start", e.getMessage(), savedCursor);
    }
  }

  /** Writes a deferred cursor, if any. */
  private void saveCursor() {
    if (cursor > savedCursor) {
      long value = cursor;
      state.put(PushState.CURSOR, Long.toString(value));
      savedCursor = value;
    }
    savedAtNanos = System.nanoTime();
  }

  private boolean pause() {
    if (stopping) {
      return false;
    }
    try {
      Thread.sleep(STORE_RETRY_MS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Handles stored events after the cursor, judged by the arm mode now. */
  private void catchUp() {
    while (true) {
      List<Event> page = events.after(cursor, CATCH_UP_PAGE);
      ArmMode now = armMode.get();
      handle(page.stream().map(e -> new Handed(e, now)).toList());
      if (page.size() < CATCH_UP_PAGE) {
        return;
      }
    }
  }

  /** Queues alerts for {@code batch} (in id order) and moves the cursor, in one transaction. */
  private void handle(List<Handed> batch) {
    if (batch.isEmpty()) {
      return;
    }
    PushRules current = rules.get();
    List<Alert> alerts = new ArrayList<>();
    for (Handed handed : batch) {
      boolean push = current.pushes(handed.event(), handed.mode());
      metrics.decided(push);
      if (push) {
        alerts.add(AlertMessages.forEvent(handed.event()));
      }
    }
    long last = batch.get(batch.size() - 1).event().id();
    // Most events push nothing. Their batches only move the cursor, which costs a synced
    // commit; that write is deferred for up to a second (and made at stop), so under load the
    // dispatcher does not double the disk syncs of the event pipeline. At worst a restart
    // re-reads that second of events, none of which pushed.
    if (alerts.isEmpty() && System.nanoTime() - savedAtNanos < CURSOR_WRITE_NANOS) {
      cursor = last;
      return;
    }
    Instant now = clock.instant();
    int rows = db.write(tx -> {
      int added = 0;
      if (!alerts.isEmpty()) {
        List<Subscription> to = subscriptions.deliverable(tx);
        for (Alert alert : alerts) {
          added += outbox.add(tx, alert, to, now);
        }
      }
      state.put(tx, PushState.CURSOR, Long.toString(last));
      return added;
    });
    cursor = last;
    savedCursor = last;
    savedAtNanos = System.nanoTime();
    if (rows > 0) {
      metrics.queued(rows);
      queued.run();
    }
  }

  /** Waits until every event handed over so far is in the outbox, then stops. */
  @Override
  public void close() {
    stopping = true;
    if (!worker.isAlive()) {
      return;
    }
    try {
      worker.join(10_000);
      if (worker.isAlive()) {
        log.warn("Push dispatch still busy after 10 s; the rest follows after restart");
        worker.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
