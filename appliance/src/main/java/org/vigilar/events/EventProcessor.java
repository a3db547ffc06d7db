package org.vigilar.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.broker.InboundPublish;
import org.vigilar.broker.PublishSink;
import org.vigilar.classify.Classifier;
import org.vigilar.classify.InputProblem;
import org.vigilar.classify.InputProblems;
import org.vigilar.classify.Outcome;
import org.vigilar.classify.ProblemKind;
import org.vigilar.metrics.Metrics;
import org.vigilar.sensors.SensorBook;
import org.vigilar.sensors.SensorStore;
import org.vigilar.store.Database;
import org.vigilar.store.StoreException;

/**
 * The event pipeline's single worker: classifies device messages, commits the resulting events
 * and sensor states in one transaction per batch, then publishes each event in id order.
 *
 * <p>One thread does all three steps, so an event is always committed before it is published
 * and ids are published in increasing order. Under load the queue fills while a batch commits,
 * so the next batch is larger and the cost of a commit is shared (group commit).
 */
public final class EventProcessor implements PublishSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventProcessor.class);
  private static final int MAX_BATCH = 1024;
  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
  /** Rounds of events emitted by observers in reaction to events, before giving up. */
  private static final int MAX_REACTION_ROUNDS = 8;

  private final Classifier classifier;
  private final SensorBook book;
  private final Database db;
  private final EventStore events;
  private final SensorStore sensors;
  private final EventPublisher publisher;
  private final InputProblems problems;
  private final Metrics metrics;
  private final BlockingQueue<Object> queue;
  private final List<CommandHandler> commands = new CopyOnWriteArrayList<>();
  private final List<EventObserver> observers = new CopyOnWriteArrayList<>();
  private final Thread worker;
  /** Events emitted on the worker thread itself; only the worker touches this list. */
  private final List<EventDraft> followUps = new ArrayList<>();
  private final AtomicLong lastPublishedId = new AtomicLong();
  private volatile boolean accepting = true;
  private volatile boolean stopping;

  public EventProcessor(Classifier classifier, SensorBook book, Database db, EventStore events,
      SensorStore sensors, EventPublisher publisher, InputProblems problems, Metrics metrics,
      int queueCapacity) {
    this.classifier = classifier;
    this.book = book;
    this.db = db;
    this.events = events;
    this.sensors = sensors;
    this.publisher = publisher;
    this.problems = problems;
    this.metrics = metrics;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.worker = new Thread(this::run, "vigilar-processor");
    metrics.describe("vigilar_messages_received_total", "Device messages taken from the broker");
    metrics.describe("vigilar_events_stored_total", "Events committed to the store");
    metrics.describe("vigilar_store_failures_total", "Failed commits, retried until they succeed");
    metrics.gauge("vigilar_intake_queue_depth", "Device messages waiting for the processor",
        queue::size);
  }

  /** Adds a handler for command topics; call before {@link #start()}. */
  public void addCommandHandler(CommandHandler handler) {
    commands.add(handler);
  }

  /** Adds an observer of committed events; call before {@link #start()}. */
  public void addObserver(EventObserver observer) {
    observers.add(observer);
  }

  /**
   * Queues an event made inside the appliance (an alarm state change, a supervision timeout)
   * to be committed and published in order with device events. Never blocks.
   *
   * <p>Called from a command handler or an observer, that is on the processor's own thread,
   * the event is never dropped: it joins the batch right after what caused it.
   *
   * @return false when the queue is full or the processor is stopping
   */
  public boolean emit(EventDraft draft) {
    if (Thread.currentThread() == worker) {
      followUps.add(draft);
      return true;
    }
    if (!accepting) {
      return false;
    }
    if (queue.offer(draft)) {
      return true;
    }
    log.error("Event processor queue full; internal {} event from {} dropped", draft.type(),
        draft.sourceId());
    return false;
  }

  /**
   * Queues work to run on the processor's thread with the sensor book. Never blocks.
   *
   * @return false when the queue is full or the processor is stopping
   */
  public boolean execute(ProcessorTask task) {
    return accepting && queue.offer(task);
  }

  /** Loads the sensors' last states from the store and starts the worker thread. */
  public void start() {
    book.load(sensors.records(), sensors.states());
    lastPublishedId.set(events.latestId());
    worker.start();
  }

  @Override
  public boolean offer(InboundPublish message) {
    if (!accepting) {
      return false;
    }
    if (queue.offer(message)) {
      return true;
    }
    problems.report(new InputProblem(ProblemKind.QUEUE_FULL, message.clientId(),
        "event processor queue full (" + queue.remainingCapacity() + " free); message dropped"),
        message.topic());
    return false;
  }

  /** The id of the last event handed to the publisher (or the newest stored at start). */
  public long lastPublishedId() {
    return lastPublishedId.get();
  }

  private void run() {
    List<Object> batch = new ArrayList<>(MAX_BATCH);
    while (!(stopping && queue.isEmpty())) {
      try {
        Object first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        process(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        log.warn("Event processor interrupted with {} messages queued", queue.size());
        return;
      } catch (RuntimeException e) {
        // A bug in one batch must not stop the pipeline for every later message.
        log.error("Event processor failed on a batch of {} messages", batch.size(), e);
      } finally {
        batch.clear();
      }
    }
  }

  private void process(List<Object> batch) throws InterruptedException {
    List<EventDraft> drafts = new ArrayList<>();
    List<Outcome.Snapshot> snapshots = new ArrayList<>();
    for (Object item : batch) {
      if (item instanceof EventDraft draft) {
        drafts.add(draft);
      } else if (item instanceof ProcessorTask task) {
        run(task, drafts);
      } else {
        classify((InboundPublish) item, drafts, snapshots);
      }
      drafts.addAll(followUps);
      followUps.clear();
    }

    // Observers may emit events in reaction (an alarm going off); they follow at once.
    for (int round = 0; round < MAX_REACTION_ROUNDS; round++) {
      SensorBook.Changes changes = book.drainChanges();
      if (drafts.isEmpty() && changes.isEmpty() && (round > 0 || snapshots.isEmpty())) {
        break;
      }
      List<Event> stored = commit(drafts, changes);
      metrics.counter("vigilar_events_stored_total").add(stored.size());
      for (Event event : stored) {
        publisher.publish(event, EventJson.summary(event));
        lastPublishedId.set(event.id());
        notifyObservers(event);
      }
      drafts = new ArrayList<>(followUps);
      followUps.clear();
    }
    if (!drafts.isEmpty()) {
      log.error("Observers kept reacting to their own events; {} events dropped", drafts.size());
    }
    for (Outcome.Snapshot snapshot : snapshots) {
      attach(snapshot);
    }
  }

  private void run(ProcessorTask task, List<EventDraft> drafts) {
    try {
      drafts.addAll(task.run(book));
    } catch (RuntimeException e) {
      log.warn("Processor task {} failed", task.getClass().getSimpleName(), e);
    }
  }

  private void classify(InboundPublish message, List<EventDraft> drafts,
      List<Outcome.Snapshot> snapshots) {
    metrics.counter("vigilar_messages_received_total").increment();
    for (CommandHandler handler : commands) {
      if (handler.accepts(message.topic())) {
        try {
          handler.handle(message);
        } catch (RuntimeException e) {
          log.warn("Command on {} from {} failed: {}", message.topic(), message.clientId(),
              e.getMessage(), e);
        }
        return;
      }
    }
    try {
      Outcome outcome = classifier.classify(message, book);
      if (outcome instanceof Outcome.Events found) {
        drafts.addAll(found.drafts());
      } else if (outcome instanceof Outcome.Snapshot snapshot) {
        snapshots.add(snapshot);
      }
    } catch (InputProblem problem) {
      problems.report(problem, message.topic());
    }
  }

  private void notifyObservers(Event event) {
    for (EventObserver observer : observers) {
      try {
        observer.committed(event);
      } catch (RuntimeException e) {
        log.warn("Observer {} failed on event {}", observer.getClass().getSimpleName(),
            event.id(), e);
      }
    }
  }

  /** Commits, retrying with backoff while the store fails (a full disk, an I/O error). */
  private List<Event> commit(List<EventDraft> drafts, SensorBook.Changes changes)
      throws InterruptedException {
    long delayMs = 100;
    int failures = 0;
    while (true) {
      try {
        List<Event> stored = db.write(tx -> {
          List<Event> inserted = events.insert(tx, drafts);
          sensors.save(tx, changes);
          return inserted;
        });
        if (failures > 0) {
          log.warn("Store recovered after {} failed commits; {} events committed", failures,
              stored.size());
        }
        return stored;
      } catch (StoreException e) {
        failures++;
        metrics.counter("vigilar_store_failures_total").increment();
        if (failures == 1) {
          log.error("Cannot commit {} events, retrying until the store accepts them: {}",
              drafts.size(), e.getMessage());
        }
        if (stopping && failures > 3) {
          log.error("Giving up at shutdown: {} events could not be stored", drafts.size());
          return List.of();
        }
        Thread.sleep(delayMs);
        delayMs = Math.min(delayMs * 2, MAX_RETRY_DELAY.toMillis());
      }
    }
  }

  private void attach(Outcome.Snapshot snapshot) {
    try {
      if (events.attachSnapshot(snapshot.sourceId(), snapshot.jpeg(), snapshot.receivedAt())
          .isEmpty()) {
        log.debug("Snapshot from {} dropped: no event of that camera yet", snapshot.sourceId());
      }
    } catch (StoreException e) {
      log.warn("Snapshot from {} not stored: {}", snapshot.sourceId(), e.getMessage());
    }
  }

  /**
   * Refuses new messages, processes everything already queued, and returns once committed.
   */
  @Override
  public void close() {
    accepting = false;
    stopping = true;
    if (!worker.isAlive()) {
      return;
    }
    try {
      worker.join(DRAIN_TIMEOUT.toMillis());
      if (worker.isAlive()) {
        log.error("Event processor did not drain within {}s; {} messages left",
            DRAIN_TIMEOUT.toSeconds(), queue.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
