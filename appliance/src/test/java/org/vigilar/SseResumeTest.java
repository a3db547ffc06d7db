package org.vigilar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigilar.testing.Await;
import org.vigilar.testing.Chatter;
import org.vigilar.testing.MqttTestClient;
import org.vigilar.testing.SseTestClient;
import org.vigilar.testing.StoredEvent;
import org.vigilar.testing.TestAppliance;

/** A browser that comes back with Last-Event-ID gets what it missed, then goes live. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SseResumeTest {

  private static final String CONNECTED = "{\"type\":\"connected\"}";

  private TestAppliance app;

  @BeforeAll
  void start(@TempDir Path dir) {
    app = TestAppliance.start(dir);
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private List<Long> storedIdsAfter(long afterId) {
    return app.storedEvents().stream().map(StoredEvent::id).filter(id -> id > afterId).toList();
  }

  private static boolean hasSource(SseTestClient.Message m, String source) {
    return m.data().contains("\"source_id\":\"" + source + "\"");
  }

  private SseTestClient reconnect(String how, long lastSeen) throws Exception {
    return how.equals("header")
        ? app.sse("/events/stream", Map.of("Last-Event-ID", Long.toString(lastSeen)))
        : app.sse("/events/stream?lastEventId=" + lastSeen, Map.of());
  }

  @ParameterizedTest(name = "Last-Event-ID in the {0}")
  @ValueSource(strings = {"header", "query"})
  void reconnectGetsExactlyTheMissedEventsInOrderThenLiveOnes(String how) throws Exception {
    String tag = "resume-" + how;
    int missed = 25;
    try (MqttTestClient device = app.device(); MqttTestClient neighbour = app.device()) {
      long lastSeen;
      try (SseTestClient before = app.sse()) {
        device.publish("vigilar/sensors/" + tag + "-first/motion", "on");
        lastSeen = before.awaitEvent("the first event", m -> hasSource(m, tag + "-first"))
            .idNumber();
      }

      List<SseTestClient.Message> received;
      List<Long> missedIds = new ArrayList<>();
      try (Chatter chatter = new Chatter(neighbour, tag + "-door")) {
        for (int i = 0; i < missed; i++) {
          device.publish("vigilar/sensors/" + tag + "-" + i + "/motion", "on");
        }
        for (int i = 0; i < missed; i++) {
          missedIds.add(app.awaitStored(tag + "-" + i, "motion").id());
        }
        try (SseTestClient after = reconnect(how, lastSeen)) {
          after.awaitEventId(missedIds.get(missed - 1));
          // The neighbour's events keep coming while the replay is switched over to live.
          long replayedUpTo = after.eventIds().get(after.eventIds().size() - 1);
          Await.until("the neighbour's events after the replay", () -> after.events().stream()
              .filter(m -> m.idNumber() > replayedUpTo && hasSource(m, tag + "-door"))
              .count() >= 5);
          chatter.close();

          device.publish("vigilar/sensors/" + tag + "-live/motion", "on");
          long live = app.awaitStored(tag + "-live", "motion").id();
          after.awaitEventId(live);
          received = after.messages();

          List<Long> ids = after.eventIds();
          assertEquals(storedIdsAfter(lastSeen), ids,
              "every stored event after the last seen one, in order, once");
          assertTrue(ids.containsAll(missedIds));
          assertEquals(live, ids.get(ids.size() - 1));
        }
      }
      assertEquals(CONNECTED, received.get(0).data());
      for (int i = 1; i < received.size(); i++) {
        assertTrue(!received.get(i).data().equals(CONNECTED), "connected only once");
      }
    }
  }

  @Test
  void replayLongerThanOnePageArrivesWhole() throws Exception {
    int count = 1_200;
    long lastSeen;
    try (SseTestClient first = app.sse(); MqttTestClient device = app.device()) {
      device.publish("vigilar/sensors/long-first/motion", "on");
      lastSeen = first.awaitEvent("first", m -> hasSource(m, "long-first")).idNumber();
    }
    List<MqttTestClient.Publication> burst = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      burst.add(new MqttTestClient.Publication("vigilar/sensors/long-" + i + "/vibration", "on"));
    }
    try (MqttTestClient device = MqttTestClient.connect(app.appliance(), 200)) {
      device.publishAll(burst);
    }
    app.awaitStored("long-" + (count - 1), "vibration");
    try (SseTestClient after = reconnect("header", lastSeen)) {
      List<Long> expected = storedIdsAfter(lastSeen);
      after.awaitEventId(expected.get(expected.size() - 1));
      assertEquals(expected, after.eventIds());
      assertTrue(expected.size() >= count);
    }
  }

  @Test
  void resumingFromZeroReplaysTheWholeStore() throws Exception {
    try (MqttTestClient device = app.device()) {
      device.publish("vigilar/sensors/zero/panic", "on");
    }
    long newest = app.awaitStored("zero", "panic").id();
    try (SseTestClient client = reconnect("query", 0)) {
      client.awaitEventId(newest);

      // The panic's alarm events may still be arriving: compare one snapshot of the stream.
      List<Long> seen = client.eventIds();
      assertEquals(storedIdsAfter(0).subList(0, seen.size()), seen);
    }
  }

  @Test
  void unusableLastEventIdStartsLiveWithoutReplay() throws Exception {
    long storedBefore = storedIdsAfter(0).stream().mapToLong(Long::longValue).max().orElse(0);
    try (SseTestClient client = app.sse("/events/stream", Map.of("Last-Event-ID", "banana"));
        MqttTestClient device = app.device()) {
      assertEquals(CONNECTED, client.awaitMessages(1).get(0).data());
      device.publish("vigilar/sensors/banana/motion", "on");
      client.awaitEvent("live event", m -> hasSource(m, "banana"));
      assertTrue(client.eventIds().stream().allMatch(id -> id > storedBefore),
          () -> "nothing stored before it connected was replayed: " + client.eventIds());
    }
  }

  @Test
  void everyStreamStartsWithConnectedWhileEventsFlow() throws Exception {
    try (MqttTestClient neighbour = app.device();
        Chatter chatter = new Chatter(neighbour, "busy-door")) {
      Await.until("events to flow", () -> chatter.published() > 10);
      for (int i = 0; i < 100; i++) {
        try (SseTestClient client = app.sse()) {
          assertEquals(CONNECTED, client.awaitMessages(1).get(0).data(), "client " + i);
        }
      }
    }
  }
}
