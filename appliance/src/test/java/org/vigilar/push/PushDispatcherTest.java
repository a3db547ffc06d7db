package org.vigilar.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.alarm.ArmMode;
import org.vigilar.config.PushSettings;
import org.vigilar.events.Event;
import org.vigilar.events.EventDraft;
import org.vigilar.events.EventStore;
import org.vigilar.events.Severity;
import org.vigilar.metrics.Metrics;
import org.vigilar.store.Database;

/** The dispatcher with a real store, a mutable arm mode and a push service in the test's hand. */
class PushDispatcherTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final PushTuning FAST = new PushTuning(Duration.ofSeconds(1),
      Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(400), 2);

  @TempDir
  Path dir;

  private final AtomicReference<ArmMode> mode = new AtomicReference<>(ArmMode.DISARMED);
  private final Metrics metrics = new Metrics();
  private final List<AutoCloseable> open = new ArrayList<>();
  private Database db;
  private EventStore events;
  private FakePushService service;

  @BeforeEach
  void openStore() throws Exception {
    db = Database.open(dir.resolve("vigilar.db"));
    events = new EventStore(db);
    service = new FakePushService().answer(201, null);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    service.close();
    db.close();
  }

  /** Starts push and waits until its look at the store at start is done. */
  private PushAlerts startPush() {
    PushAlerts push = PushAlerts.create(db, events, PushSettings.defaults(), dir, metrics,
        Clock.systemUTC(), mode::get, FAST);
    open.add(push);
    push.start();
    long decided = decisions();
    Event marker = events.append(List.of(new EventDraft(Instant.now(), "sensor_online",
        Severity.INFO, "marker", "{}"))).get(0);
    push.observer().committed(marker);
    Eventually.until(WAIT, "the dispatcher to settle", () -> decisions() > decided);
    return push;
  }

  private long decisions() {
    return metrics.count(PushMetrics.EVENTS, "decision", "skip")
        + metrics.count(PushMetrics.EVENTS, "decision", "push");
  }

  private void subscribe(String path) throws Exception {
    new SubscriptionStore(db).save(NewSubscription.parse(new ObjectMapper().readTree(
        BrowserKeys.subscription(service.endpoint(path), "Phone"))), Instant.now());
  }

  private Event commit(String type, Severity severity) {
    return events.append(List.of(new EventDraft(Instant.now(), type, severity, "front-door",
        "{}"))).get(0);
  }

  @Test
  void warningPushesOnlyWhileArmed() throws Exception {
    PushAlerts push = startPush();
    subscribe("/phone");

    push.observer().committed(commit("contact_open", Severity.WARNING));
    mode.set(ArmMode.ARMED_AWAY);
    push.observer().committed(commit("contact_open", Severity.WARNING));

    FakePushService.Attempt attempt = service.nextAttempt(WAIT);
    assertNotNull(attempt, "the warning while armed is pushed");
    assertEquals("normal", attempt.header("Urgency"));
    assertEquals("3600", attempt.header("TTL"));
    assertEquals("aes128gcm", attempt.header("Content-Encoding"));
    assertTrue(attempt.header("Authorization").startsWith("vapid t="));
    // Events are decided in order, so the disarmed one was decided before this send.
    assertEquals(2, metrics.count(PushMetrics.EVENTS, "decision", "skip"), "marker, warning");
    assertEquals(1, metrics.count(PushMetrics.EVENTS, "decision", "push"));
    assertEquals(1, service.attempts().size());
  }

  @Test
  void criticalPushesWhileDisarmedAndInfoNeverDoes() throws Exception {
    PushAlerts push = startPush();
    subscribe("/phone");
    mode.set(ArmMode.ARMED_AWAY);

    push.observer().committed(commit("contact_closed", Severity.INFO));
    mode.set(ArmMode.DISARMED);
    push.observer().committed(commit("smoke", Severity.CRITICAL));

    FakePushService.Attempt attempt = service.nextAttempt(WAIT);
    assertNotNull(attempt);
    assertEquals("high", attempt.header("Urgency"));
    assertEquals("43200", attempt.header("TTL"));
    assertEquals(2, metrics.count(PushMetrics.EVENTS, "decision", "skip"), "marker, info");
    assertEquals(1, service.attempts().size());
  }

  @Test
  void eventsCommittedButNeverHandedOverAreAlertedAtTheNextStart() throws Exception {
    startPush().close();
    subscribe("/phone");
    // Committed while push was down (a crash between commit and hand-off).
    Event missed = commit("smoke", Severity.CRITICAL);

    startPush();

    assertNotNull(service.nextAttempt(WAIT), "the missed event " + missed.id() + " is pushed");
  }

  @Test
  void aFullHandOffLosesNothing() throws Exception {
    PushAlerts push = startPush();
    subscribe("/phone");
    int count = 1100;
    List<EventDraft> drafts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      drafts.add(new EventDraft(Instant.now(), "smoke", Severity.CRITICAL, "s" + i, "{}"));
    }
    for (Event event : events.append(drafts)) {
      push.observer().committed(event);
    }

    Eventually.until(WAIT, "every alert queued",
        () -> metrics.count(PushMetrics.QUEUED, "", "") == count);
    assertEquals(count, metrics.count(PushMetrics.EVENTS, "decision", "push"));
    assertEquals(1, metrics.count(PushMetrics.EVENTS, "decision", "skip"), "the marker");
  }

  @Test
  void retryAfterIsHonoured() throws Exception {
    service.answer(429, "1");
    PushAlerts push = startPush();
    subscribe("/phone");

    push.observer().committed(commit("smoke", Severity.CRITICAL));
    FakePushService.Attempt first = service.nextAttempt(WAIT);
    assertNotNull(first);
    service.answer(201, null);
    FakePushService.Attempt second = service.nextAttempt(WAIT);
    assertNotNull(second);

    long gapMs = (second.nanoTime() - first.nanoTime()) / 1_000_000;
    assertTrue(gapMs >= 1000, "waited " + gapMs + " ms though backoff alone is 50 ms");
    Eventually.until(WAIT, "the delivery recorded",
        () -> metrics.count(PushMetrics.SENDS, "outcome", "delivered") == 1);
  }
}
