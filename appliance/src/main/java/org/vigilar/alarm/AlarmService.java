package org.vigilar.alarm;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.broker.InboundPublish;
import org.vigilar.config.AlarmSettings;
import org.vigilar.events.CommandHandler;
import org.vigilar.events.Event;
import org.vigilar.events.EventDraft;
import org.vigilar.events.EventObserver;
import org.vigilar.events.EventProcessor;
import org.vigilar.events.ProcessorTask;
import org.vigilar.metrics.Metrics;
import org.vigilar.sensors.SensorBook;
import org.vigilar.store.StoreException;

/**
 * Runs the {@link AlarmPanel} inside the appliance.
 *
 * <p>Every input reaches the panel on the event processor's thread: committed events (as an
 * observer), keypad commands on {@code vigilar/alarm/set} (as a command handler), requests
 * from the app and the ends of delays (as processor tasks). So the panel needs no locks, and
 * its events are committed in order with the device events that caused them. After each
 * change the state is saved, then published retained on {@code vigilar/alarm/state}.
 */
public final class AlarmService implements CommandHandler, EventObserver, AutoCloseable {

  public static final String SET_TOPIC = "vigilar/alarm/set";
  public static final String STATE_TOPIC = "vigilar/alarm/state";
  private static final Logger log = LoggerFactory.getLogger(AlarmService.class);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final long RETRY_MS = 100;
  private static final String COMMANDS = "vigilar_alarm_commands_total";

  /** Publishes the retained state; QoS 1, since Moquette never stores QoS 0 retained. */
  @FunctionalInterface
  public interface StatePublisher {
    boolean publishRetained(String topic, byte[] payload);
  }

  private final AlarmPanel panel;
  private final AlarmStore store;
  private final EventProcessor processor;
  private final StatePublisher publisher;
  private final KeypadAccess keypads;
  private final Metrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  /** The state the panel resumed, read before the processor thread owns the panel. */
  private final PanelStatus resumed;
  private ScheduledFuture<?> nextTick;
  private boolean closed;

  /**
   * @param internalUser the MQTT user name of the appliance's own clients, allowed to command
   * @param keypadDevice whether a device's own rights make it a keypad, beside
   *     {@code alarm.keypads}
   */
  public AlarmService(AlarmPanel panel, AlarmSettings settings, AlarmStore store,
      EventProcessor processor, StatePublisher publisher, String internalUser,
      Predicate<String> keypadDevice, Metrics metrics, Clock clock) {
    this.panel = panel;
    this.store = store;
    this.processor = processor;
    this.publisher = publisher;
    this.keypads = new KeypadAccess(settings, internalUser, keypadDevice, clock);
    this.metrics = metrics;
    this.clock = clock;
    this.resumed = panel.status();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vigilar-alarm-timer");
      t.setDaemon(true);
      return t;
    });
    metrics.describe(COMMANDS, "Alarm mode changes asked for, by outcome");
  }

  /**
   * Publishes the state and resumes delays; one that ran out while the appliance was down
   * ends at once. Call after the processor and the broker started.
   */
  public void start() {
    republishState();
    schedule(Optional.of(clock.instant()));
    log.info("Alarm panel resumed: {} (mode {}){}", resumed.state().wireName(),
        resumed.mode().wireName(), resumed.until() == null ? "" : ", delay ends "
            + resumed.until());
  }

  /**
   * Changes the mode on behalf of the app; waits until the panel has decided.
   *
   * @throws IllegalStateException when the appliance is too busy or stopping
   */
  public ArmResult request(ArmRequest request) {
    CompletableFuture<ArmResult> result = new CompletableFuture<>();
    boolean queued = processor.execute(book -> {
      List<EventDraft> events = new ArrayList<>();
      PanelStatus before = panel.status();
      try {
        result.complete(panel.request(request, events));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
        throw e;
      }
      afterChange(before);
      return events;
    });
    if (!queued) {
      throw new IllegalStateException("the appliance is busy or stopping; try again");
    }
    try {
      ArmResult outcome = result.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      count(outcome);
      return outcome;
    } catch (TimeoutException e) {
      throw new IllegalStateException("the alarm panel did not answer within "
          + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw new IllegalStateException("the alarm panel failed: " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the alarm panel", e);
    }
  }

  @Override
  public boolean accepts(String topic) {
    return SET_TOPIC.equals(topic);
  }

  @Override
  public void handle(InboundPublish message) {
    String device = message.username();
    if (!keypads.authorised(device)) {
      refuse("not_authorised", message, "not an authorised keypad");
      return;
    }
    KeypadCommand command;
    try {
      command = KeypadCommand.parse(message.payload());
    } catch (IllegalArgumentException e) {
      refuse("malformed", message, e.getMessage());
      return;
    }
    String denial = keypads.checkCode(device, command.mode(), command.code());
    if (denial != null) {
      refuse("bad_code", message, denial);
      return;
    }

    List<EventDraft> events = new ArrayList<>();
    PanelStatus before = panel.status();
    ArmResult result = panel.request(
        new ArmRequest(command.mode(), command.bypass(), Actor.keypad(device)), events);
    events.forEach(processor::emit);
    afterChange(before);
    count(result);
    if (result instanceof ArmResult.Blocked blocked) {
      log.info("Keypad {} could not arm {}: open {}", device, command.mode().wireName(),
          blocked.openSensors());
    } else if (result instanceof ArmResult.Refused refused) {
      log.info("Keypad {} could not set {}: {}", device, command.mode().wireName(),
          refused.reason());
    }
    if (!(result instanceof ArmResult.Accepted)) {
      // The keypad may already show the mode it asked for; tell it the truth again.
      publishState();
    }
  }

  @Override
  public void committed(Event event) {
    if (event.sourceId().equals(AlarmPanel.SOURCE_ID) || event.type().startsWith("alarm_")) {
      return;
    }
    List<EventDraft> events = new ArrayList<>();
    PanelStatus before = panel.status();
    panel.onEvent(event, events);
    events.forEach(processor::emit);
    afterChange(before);
  }

  /** Publishes the current state retained again, as after the broker restarted. */
  public void republishState() {
    if (!processor.execute(book -> {
      publishState();
      return List.of();
    })) {
      log.warn("Alarm state not published again: the event processor is busy or stopping");
    }
  }

  private void publishState() {
    byte[] payload = panel.status().state().wireName().getBytes(StandardCharsets.UTF_8);
    if (!publisher.publishRetained(STATE_TOPIC, payload)) {
      log.debug("Alarm state {} not published: broker down or a subscriber refused it",
          panel.status().state().wireName());
    }
  }

  private void refuse(String outcome, InboundPublish message, String why) {
    metrics.counter(COMMANDS, "outcome", outcome).increment();
    log.debug("Alarm command from {} (client {}) refused: {}", message.username(),
        message.clientId(), why);
    publishState();
  }

  private void count(ArmResult result) {
    metrics.counter(COMMANDS, "outcome", result.outcome()).increment();
  }

  /** Saves and publishes a change, and sets the timer for the panel's next deadline. */
  private void afterChange(PanelStatus before) {
    PanelStatus now = panel.status();
    if (now != before) {
      try {
        store.save(now);
      } catch (StoreException e) {
        log.error("Alarm state {} not saved; it is lost if the appliance stops: {}",
            now.state().wireName(), e.getMessage());
      }
      if (now.state() != before.state()) {
        publishState();
      }
    }
    schedule(panel.nextDeadline());
  }

  private ProcessorTask tick() {
    return book -> {
      List<EventDraft> events = new ArrayList<>();
      PanelStatus before = panel.status();
      panel.tick(states(book), events);
      afterChange(before);
      return events;
    };
  }

  private static ActiveStates states(SensorBook book) {
    return (sourceId, channel) -> {
      String state = book.state(sourceId, channel);
      return "on".equals(state) || "open".equals(state);
    };
  }

  private synchronized void schedule(Optional<Instant> deadline) {
    if (nextTick != null) {
      nextTick.cancel(false);
      nextTick = null;
    }
    if (deadline.isEmpty() || closed) {
      return;
    }
    // One millisecond late rather than early, so the tick finds the deadline passed.
    long delay = Math.max(0, Duration.between(clock.instant(), deadline.get()).toMillis() + 1);
    nextTick = timer.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
  }

  private void fire() {
    if (!processor.execute(tick())) {
      synchronized (this) {
        if (!closed) {
          nextTick = timer.schedule(this::fire, RETRY_MS, TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (nextTick != null) {
        nextTick.cancel(false);
      }
    }
    timer.shutdownNow();
  }
}
