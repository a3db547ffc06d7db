package org.vigilar.sensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigilar.alarm.ArmMode;
import org.vigilar.alarm.MutableClock;
import org.vigilar.classify.SeverityPolicy;
import org.vigilar.config.SensorSettings;
import org.vigilar.config.SupervisionSettings;
import org.vigilar.events.EventDraft;
import org.vigilar.events.Severity;

class SupervisorTest {

  private static final Instant START = Instant.parse("2026-12-03T12:00:00Z");
  private static final SupervisionSettings SETTINGS = new SupervisionSettings(
      Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofHours(2),
      Map.of("contact", Duration.ofMinutes(5)));

  private final MutableClock clock = new MutableClock(START);
  private final SensorBook book = new SensorBook();
  private final List<EventDraft> events = new ArrayList<>();
  private ArmMode mode = ArmMode.DISARMED;
  private boolean sensorArmed;
  private Supervisor supervisor = supervisor(Map.of());

  @Test
  void silentSensorGoesOfflineOnceAfterItsBudget() {
    heard("front-door", "contact");
    advance(Duration.ofMinutes(5));
    assertTrue(events.isEmpty());

    advance(Duration.ofMillis(1));
    advance(Duration.ofMinutes(5));

    assertEquals(List.of("sensor_offline"), types());
    EventDraft offline = events.get(0);
    assertEquals("front-door", offline.sourceId());
    assertEquals(Severity.WARNING, offline.severity());
    assertTrue(offline.payloadJson().contains("\"reason\":\"silent\""), offline.payloadJson());
    assertEquals(Boolean.FALSE, book.record("front-door").orElseThrow().online());
  }

  @Test
  void sensorWithoutStatusTopicIsOnlineOnceHeard() {
    heard("hall-motion", "motion");
    advance(Duration.ZERO);
    assertEquals(Boolean.TRUE, book.record("hall-motion").orElseThrow().online());
    assertTrue(events.isEmpty());
  }

  @Test
  void sensorHeardAgainComesBackOnline() {
    heard("front-door", "contact");
    advance(Duration.ofMinutes(6));
    events.clear();

    heard("front-door", "contact");
    advance(Duration.ZERO);

    assertEquals(List.of("sensor_online"), types());
    assertEquals(Severity.INFO, events.get(0).severity());
    assertEquals(Boolean.TRUE, book.record("front-door").orElseThrow().online());
  }

  @Test
  void willMessageIsOfflineOnceTheGracePeriodIsOver() {
    heard("front-door", "contact");
    status("front-door", false);
    advance(Duration.ofSeconds(59));
    assertTrue(events.isEmpty());

    advance(Duration.ofSeconds(1));

    assertEquals(List.of("sensor_offline"), types());
    assertTrue(events.get(0).payloadJson().contains("\"reason\":\"status\""));
  }

  @Test
  void flapShorterThanTheGracePeriodCreatesNoEvent() {
    heard("front-door", "contact");
    status("front-door", true);
    advance(Duration.ofSeconds(1));
    status("front-door", false);
    advance(Duration.ofSeconds(20));
    status("front-door", true);
    for (int i = 0; i < 10; i++) {
      advance(Duration.ofSeconds(20));
    }
    assertTrue(events.isEmpty(), types().toString());
  }

  @Test
  void anyMessageAfterTheWillMeansTheSensorIsBack() {
    heard("front-door", "contact");
    status("front-door", false);
    advance(Duration.ofSeconds(61));
    events.clear();

    advance(Duration.ofSeconds(1));
    heard("front-door", "contact");
    advance(Duration.ZERO);

    assertEquals(List.of("sensor_online"), types());
  }

  @Test
  void offlineIsCriticalWhenArmedAndTheSensorCounts() {
    mode = ArmMode.ARMED_AWAY;
    sensorArmed = true;
    heard("front-door", "contact");
    advance(Duration.ofMinutes(6));
    assertEquals(Severity.CRITICAL, events.get(0).severity());

    sensorArmed = false;
    heard("shed-door", "contact");
    advance(Duration.ofMinutes(6));
    assertEquals(Severity.WARNING, events.get(events.size() - 1).severity());
  }

  @Test
  void newSensorGetsTheCeilingUntilItsHabitsAreKnown() {
    heard("hall-motion", "motion");
    advance(Duration.ofMinutes(1));
    heard("hall-motion", "motion");
    advance(Duration.ofMinutes(100));
    assertTrue(events.isEmpty(), "a budget learned from one minute would have expired");

    advance(Duration.ofMinutes(21));

    assertEquals(List.of("sensor_offline"), types());
  }

  @Test
  void budgetIsLearnedFromHowOftenTheSensorReports() {
    reportEvery("hall-motion", Duration.ofMinutes(20), Duration.ofHours(3));
    advance(Duration.ofMinutes(59));
    assertTrue(events.isEmpty());

    advance(Duration.ofMinutes(2));

    assertEquals(List.of("sensor_offline"), types());
    assertTrue(events.get(0).payloadJson().contains("\"budget\":\"1h\""),
        events.get(0).payloadJson());
  }

  @Test
  void learnedBudgetNeverFallsBelowTheFloor() {
    reportEvery("hall-motion", Duration.ofSeconds(30), Duration.ofHours(3));
    advance(Duration.ofMinutes(9));
    assertTrue(events.isEmpty());
    advance(Duration.ofMinutes(2));
    assertEquals(List.of("sensor_offline"), types());
  }

  @Test
  void sensorsOwnHeartbeatWinsOverItsKind() {
    supervisor = supervisor(Map.of("front-door",
        new SensorSettings(null, null, null, null, null, null, null, Duration.ofMinutes(1))));
    heard("front-door", "contact");
    advance(Duration.ofSeconds(61));
    assertEquals(List.of("sensor_offline"), types());
  }

  @Test
  void restartNeverMakesAQuietSensorOffline() {
    book.touch("front-door", START.minus(Duration.ofDays(2)));
    book.put(book.record("front-door").orElseThrow().withKind("contact"));
    advance(Duration.ZERO);
    assertTrue(events.isEmpty());

    advance(Duration.ofMinutes(5).plusSeconds(1));

    assertEquals(List.of("sensor_offline"), types());
  }

  @Test
  void verdictSurvivesARestart() {
    heard("front-door", "contact");
    advance(Duration.ofMinutes(6));
    SensorBook.Changes saved = book.drainChanges();
    events.clear();

    SensorBook reloaded = new SensorBook();
    reloaded.load(saved.records(), saved.states());
    Supervisor restarted = supervisor(Map.of());
    clock.advance(Duration.ofMinutes(10));
    events.addAll(restarted.check(reloaded));
    assertTrue(events.isEmpty(), "no second sensor_offline");

    reloaded.touch("front-door", clock.instant());
    events.addAll(restarted.check(reloaded));
    assertEquals(List.of("sensor_online"), types());
  }

  private Supervisor supervisor(Map<String, SensorSettings> declared) {
    return new Supervisor(SETTINGS, new SensorDirectory(declared),
        new SeverityPolicy(() -> mode, id -> sensorArmed), clock);
  }

  private void heard(String id, String kind) {
    SensorRecord record = book.touch(id, clock.instant());
    book.put(record.withKind(kind));
  }

  private void status(String id, boolean online) {
    SensorRecord record = book.touch(id, clock.instant());
    book.put(record.withOnline(online));
    book.changeState(id, "status", online ? "online" : "offline", clock.instant());
  }

  private void reportEvery(String id, Duration interval, Duration total) {
    for (Duration spent = Duration.ZERO; spent.compareTo(total) < 0; spent = spent.plus(interval)) {
      heard(id, "motion");
      advance(interval);
    }
    heard(id, "motion");
    advance(Duration.ZERO);
    assertTrue(events.isEmpty(), types().toString());
  }

  private void advance(Duration by) {
    clock.advance(by);
    events.addAll(supervisor.check(book));
  }

  private List<String> types() {
    return events.stream().map(EventDraft::type).toList();
  }
}
