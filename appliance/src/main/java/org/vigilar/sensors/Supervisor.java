package org.vigilar.sensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.classify.SeverityPolicy;
import org.vigilar.config.Durations;
import org.vigilar.config.SupervisionSettings;
import org.vigilar.events.EventDraft;
import org.vigilar.events.EventJson;

/**
 * Notices sensors that stop reporting and makes {@code sensor_offline} and
 * {@code sensor_online} events.
 *
 * <p>A sensor is offline when its {@code status} says so (its will message, sent by the broker
 * when the connection dies) for longer than the grace period, or when it was silent for longer
 * than its heartbeat budget. The budget is the sensor's own setting, else its kind's, else
 * learned: three times the longest gap seen between its reports, within a floor and a ceiling,
 * and the ceiling while the sensor is newer than the ceiling. A sensor heard again is
 * {@code sensor_online}, which is never an activation.
 *
 * <p>Each verdict and the longest gap are kept as channel states in the {@link SensorBook}, so
 * they are committed with the event they cause and survive a restart. Silence is counted from
 * the start of this run at the earliest, so a restart never makes a sensor offline.
 *
 * <p>Not thread-safe: {@link #check} runs on the event processor's thread.
 */
public final class Supervisor {

  static final String VERDICT = "supervision";
  static final String GAP = "report_gap";
  static final int LEARN_FACTOR = 3;
  private static final String STATUS = "status";
  private static final String OFFLINE = "offline";
  private static final String ONLINE = "online";
  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What supervision remembers of one sensor. */
  private static final class Track {
    Instant lastSeen;
    Duration longestGap;
    boolean alerted;
    boolean statusOffline;
    Instant offlineAt;
  }

  private final SupervisionSettings settings;
  private final SensorDirectory directory;
  private final SeverityPolicy severity;
  private final Clock clock;
  private final Instant startedAt;
  private final Map<String, Track> tracks = new HashMap<>();

  public Supervisor(SupervisionSettings settings, SensorDirectory directory,
      SeverityPolicy severity, Clock clock) {
    this.settings = settings;
    this.directory = directory;
    this.severity = severity;
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  /**
   * Looks at every sensor in {@code book} and updates their verdicts.
   *
   * @return the events of sensors that went offline or came back
   */
  public List<EventDraft> check(SensorBook book) {
    Instant now = clock.instant();
    List<EventDraft> events = new ArrayList<>();
    for (SensorRecord record : List.copyOf(book.records())) {
      directory.noteKind(record.sourceId(), record.kind());
      check(record, track(record, book), book, now, events);
    }
    return events;
  }

  /** The silence after which {@code record}'s sensor counts as offline, as of {@code now}. */
  Duration budget(SensorRecord record, Duration longestGap, Instant now) {
    SensorProfile profile = directory.profile(record.sourceId());
    if (profile.heartbeat() != null) {
      return profile.heartbeat();
    }
    Duration byKind = profile.kind() == null ? null : settings.kindBudgets().get(profile.kind());
    if (byKind != null) {
      return byKind;
    }
    boolean learning = Duration.between(record.firstSeen(), now)
        .compareTo(settings.maxBudget()) < 0;
    if (learning || longestGap == null) {
      return settings.maxBudget();
    }
    Duration learned = longestGap.multipliedBy(LEARN_FACTOR);
    if (learned.compareTo(settings.minBudget()) < 0) {
      return settings.minBudget();
    }
    return learned.compareTo(settings.maxBudget()) > 0 ? settings.maxBudget() : learned;
  }

  private Track track(SensorRecord record, SensorBook book) {
    return tracks.computeIfAbsent(record.sourceId(), id -> {
      Track t = new Track();
      t.lastSeen = record.lastSeen();
      t.longestGap = millis(book.state(id, GAP));
      t.alerted = OFFLINE.equals(book.state(id, VERDICT));
      t.statusOffline = OFFLINE.equals(book.state(id, STATUS));
      t.offlineAt = t.statusOffline ? record.lastSeen() : null;
      return t;
    });
  }

  private void check(SensorRecord record, Track t, SensorBook book, Instant now,
      List<EventDraft> events) {
    String id = record.sourceId();
    if (record.lastSeen().isAfter(t.lastSeen)) {
      learn(id, t, record.lastSeen(), book, now);
    }
    boolean statusOffline = OFFLINE.equals(book.state(id, STATUS));
    if (statusOffline && !t.statusOffline) {
      t.offlineAt = record.lastSeen();
    }
    t.statusOffline = statusOffline;
    // Anything heard after the will message means the sensor is back, even without "online".
    boolean downByStatus = statusOffline && !record.lastSeen().isAfter(t.offlineAt);
    Instant heardFrom = record.lastSeen().isAfter(startedAt) ? record.lastSeen() : startedAt;
    Duration budget = budget(record, t.longestGap, now);
    boolean silent = Duration.between(heardFrom, now).compareTo(budget) > 0;

    if (!t.alerted) {
      if (silent) {
        offline(record, t, "silent", budget, book, now, events);
      } else if (downByStatus && !now.isBefore(t.offlineAt.plus(settings.grace()))) {
        offline(record, t, "status", budget, book, now, events);
      } else if (record.online() == null) {
        // A sensor without a status topic is online as far as supervision can tell.
        book.put(record.withOnline(true));
      }
    } else if (!silent && !downByStatus) {
      t.alerted = false;
      book.changeState(id, VERDICT, ONLINE, now);
      if (!Boolean.TRUE.equals(record.online())) {
        book.put(record.withOnline(true));
      }
      ObjectNode body = JSON.createObjectNode().put("state", ONLINE);
      events.add(new EventDraft(now, "sensor_online",
          severity.severity("sensor_online", true, id), id, body.toString()));
      log.debug("Sensor {} is back", id);
    }
  }

  private void learn(String id, Track t, Instant heard, SensorBook book, Instant now) {
    // A gap that spans a stop of the appliance says nothing about the sensor.
    if (!t.lastSeen.isBefore(startedAt)) {
      Duration gap = Duration.between(t.lastSeen, heard);
      if (t.longestGap == null || gap.compareTo(t.longestGap) > 0) {
        t.longestGap = gap;
        book.changeState(id, GAP, Long.toString(gap.toMillis()), now);
      }
    }
    t.lastSeen = heard;
  }

  private void offline(SensorRecord record, Track t, String reason, Duration budget,
      SensorBook book, Instant now, List<EventDraft> events) {
    String id = record.sourceId();
    t.alerted = true;
    book.changeState(id, VERDICT, OFFLINE, now);
    if (!Boolean.FALSE.equals(record.online())) {
      book.put(record.withOnline(false));
    }
    ObjectNode body = JSON.createObjectNode()
        .put("state", OFFLINE)
        .put("reason", reason)
        .put("last_seen", EventJson.TIMESTAMP.format(record.lastSeen()));
    if (reason.equals("silent")) {
      body.put("budget", Durations.format(budget));
    }
    events.add(new EventDraft(now, "sensor_offline",
        severity.severity("sensor_offline", true, id), id, body.toString()));
    log.debug("Sensor {} offline ({}), last heard {}", id, reason, record.lastSeen());
  }

  private static Duration millis(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Duration.ofMillis(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
