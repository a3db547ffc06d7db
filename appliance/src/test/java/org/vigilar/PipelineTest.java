package org.vigilar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigilar.testing.TestAppliance.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigilar.testing.Await;
import org.vigilar.testing.MqttTestClient;
import org.vigilar.testing.SseTestClient;
import org.vigilar.testing.StoredEvent;
import org.vigilar.testing.TestAppliance;

/**
 * A sensor's message through the real appliance: broker, classifier, store, bridge and SSE.
 * The tests share one appliance; each uses its own source ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineTest {

  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

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

  private List<String> types(String source) {
    return app.storedEvents(source).stream().map(StoredEvent::type).toList();
  }

  @Test
  void motionReachesTheLiveStreamWithEveryContractFieldAndIsStoredFirst() throws Exception {
    try (SseTestClient sse = app.sse(); MqttTestClient device = app.device()) {
      assertEquals(200, sse.status());
      assertTrue(sse.header("Content-Type").startsWith("text/event-stream"),
          sse.header("Content-Type"));
      SseTestClient.Message hello = sse.awaitMessages(1).get(0);
      assertEquals("{\"type\":\"connected\"}", hello.data());
      assertEquals(null, hello.event());

      Instant before = Instant.now();
      device.publish("vigilar/sensors/e2e-hall/motion", "on");
      SseTestClient.Message message = sse.awaitEvent("motion of e2e-hall",
          m -> m.data().contains("\"source_id\":\"e2e-hall\""));
      // Committed before it was published: the store has it the moment the browser does.
      List<StoredEvent> stored = app.storedEvents("e2e-hall");

      JsonNode event = json(message.data());
      List<String> fields = new ArrayList<>();
      event.fieldNames().forEachRemaining(fields::add);
      assertEquals(List.of("id", "ts", "type", "severity", "source_id", "payload"), fields);
      assertEquals(message.idNumber(), event.get("id").asLong());
      assertTrue(event.get("id").isIntegralNumber());
      String ts = event.get("ts").asText();
      assertTrue(TIMESTAMP.matcher(ts).matches(), ts);
      Instant at = Instant.parse(ts);
      assertFalse(at.isBefore(before.minusSeconds(1)), ts);
      assertFalse(at.isAfter(Instant.now()), ts);
      assertEquals("motion", event.get("type").asText());
      assertEquals("info", event.get("severity").asText());
      assertEquals("e2e-hall", event.get("source_id").asText());
      assertEquals(json("{\"state\":\"on\"}"), event.get("payload"));
      assertEquals(sse.messages().get(0), hello, "the connected message came first");

      assertEquals(1, stored.size(), stored::toString);
      StoredEvent row = stored.get(0);
      assertEquals(message.idNumber(), row.id());
      assertEquals(at.toEpochMilli(), row.tsMillis());
      assertEquals("motion", row.type());
      assertEquals("info", row.severity());
      assertEquals(json("{\"state\":\"on\"}"), json(row.payload()));

      JsonNode page = app.getJson("/api/events?source_id=e2e-hall");
      assertEquals(1, page.get("events").size());
      assertEquals(event, page.get("events").get(0));
      assertTrue(page.get("next_before").isNull());
    }
  }

  @Test
  void streamTellsWhetherLiveUpdatesFlow() throws Exception {
    try (SseTestClient sse = app.sse()) {
      List<SseTestClient.Message> messages = sse.awaitMessages(2);
      assertEquals("bridge", messages.get(1).event());
      assertEquals("{\"live\":true}", messages.get(1).data());
    }
  }

  @Test
  void idleStreamGetsAKeepaliveCommentWithinFifteenSeconds() throws Exception {
    try (SseTestClient sse = app.sse()) {
      sse.awaitMessages(1);
      long opened = System.nanoTime();
      Await.until("a keepalive comment", Duration.ofSeconds(16), () -> sse.comments() > 0);
      assertTrue(System.nanoTime() - opened <= Duration.ofSeconds(15).toNanos());
      assertFalse(sse.ended());
    }
  }

  @Test
  void heartbeatCreatesNoEvent() throws Exception {
    try (MqttTestClient device = app.device()) {
      device.publish("vigilar/sensors/hb-1/heartbeat", "1");
      device.publish("vigilar/sensors/hb-1/heartbeat", "{\"uptime\":3600}");
      device.publish("vigilar/sensors/hb-1/heartbeat", new byte[] {0, (byte) 0xff}, 0, false);
      // The same connection keeps its order to the processor: once this is stored, the
      // heartbeats before it were handled.
      device.publish("vigilar/sensors/hb-1/tamper", "on");
      app.awaitStored("hb-1", "tamper");
    }
    assertEquals(List.of("tamper"), types("hb-1"));
    JsonNode sensors = app.getJson("/api/sensors").get("sensors");
    assertTrue(sensors.toString().contains("\"source_id\":\"hb-1\""), sensors::toString);
  }

  @Test
  void repeatedStateCreatesNoEvent() throws Exception {
    try (MqttTestClient device = app.device()) {
      device.publish("vigilar/sensors/rep-door/contact", "open");
      device.publish("vigilar/sensors/rep-door/contact", "open");
      device.publish("vigilar/sensors/rep-door/contact", "{\"state\":\"OPEN\",\"rssi\":-70}");
      device.publish("vigilar/sensors/rep-door/contact", "1");
      device.publish("vigilar/sensors/rep-door/contact", "closed");
      device.publish("vigilar/sensors/rep-door/contact", "closed");
      device.publish("vigilar/sensors/rep-door/contact", "open");
      Await.until("three events of rep-door", () -> types("rep-door").size() >= 3);
    }
    assertEquals(List.of("contact_open", "contact_closed", "contact_open"), types("rep-door"));
  }

  @Test
  void motionGoingInactiveCreatesNoEventButTheNextDetectionDoes() throws Exception {
    try (MqttTestClient device = app.device()) {
      device.publish("vigilar/sensors/mo-1/motion", "ON");
      device.publish("vigilar/sensors/mo-1/motion", "OFF");
      device.publish("vigilar/sensors/mo-1/motion", "ON");
      Await.until("two motion events", () -> types("mo-1").size() >= 2);
    }
    assertEquals(List.of("motion", "motion"), types("mo-1"));
  }

  @Test
  void retainedReplaysCreateNoEvent() throws Exception {
    String topic = "vigilar/sensors/ret-door/contact";
    byte[] open = "open".getBytes(StandardCharsets.UTF_8);
    try (MqttTestClient device = app.device()) {
      device.publish(topic, open, 1, true);
      app.awaitStored("ret-door", "contact_open");
    }

    // The broker hands the retained message to a new subscriber: that is no new publish.
    LinkedBlockingQueue<MqttMessage> inbox = new LinkedBlockingQueue<>();
    try (MqttTestClient watcher = app.device()) {
      watcher.subscribe("vigilar/sensors/ret-door/#", inbox);
      MqttMessage replayed = inbox.poll(20, TimeUnit.SECONDS);
      assertNotNull(replayed, "the broker kept the retained state");
      assertEquals("open", new String(replayed.getPayload(), StandardCharsets.UTF_8));

      // The device reconnects and sends its retained last state again, as firmwares do.
      try (MqttTestClient device = app.device()) {
        device.publish(topic, open, 1, true);
        device.publish("vigilar/sensors/ret-door/tamper", "on");
        app.awaitStored("ret-door", "tamper");
      }
    }
    assertEquals(List.of("contact_open", "tamper"), types("ret-door"));

    // After a restart on the same data directory the state comes from the store.
    app.restart();
    try (MqttTestClient device = app.device()) {
      device.publish(topic, open, 1, true);
      device.publish("vigilar/sensors/ret-door/tamper", "on");
      device.publish(topic, "closed".getBytes(StandardCharsets.UTF_8), 1, true);
      app.awaitStored("ret-door", "contact_closed");
    }
    assertEquals(List.of("contact_open", "tamper", "contact_closed"), types("ret-door"));
  }

  static Stream<Arguments> badInputs() {
    byte[] garbage = {(byte) 0xc3, (byte) 0x28, 0, (byte) 0xff, (byte) 0xfe, 7, (byte) 0x80};
    byte[] mebibyte = new byte[1 << 20];
    Arrays.fill(mebibyte, (byte) 'x');
    return Stream.of(
        Arguments.of("malformed_json", "vigilar/sensors/bad-json/motion",
            "{\"state\": \"on\"".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("binary_payload", "vigilar/sensors/bad-binary/motion", garbage),
        Arguments.of("oversized", "vigilar/sensors/bad-big/motion", mebibyte),
        Arguments.of("unknown_kind", "vigilar/sensors/bad-kind/laser",
            "on".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("bad_topic", "vigilar/sensors//motion",
            "on".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("unknown_topic", "elsewhere/sensors/x/motion",
            "on".getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsCountedAndTheNextGoodMessageStillBecomesAnEvent(String kind, String topic,
      byte[] payload) throws Exception {
    long before = app.problems(kind);
    String good = "good-after-" + kind;
    try (MqttTestClient device = app.device(); MqttTestClient other = app.device()) {
      device.publish(topic, payload, 1, false);
      Await.until(kind + " counted", () -> app.problems(kind) == before + 1);
      assertTrue(device.isConnected(), "the broker keeps the sender connected");

      device.publish("vigilar/sensors/" + good + "/motion", "on");
      other.publish("vigilar/sensors/" + good + "-other/motion", "on");
      app.awaitStored(good, "motion");
      app.awaitStored(good + "-other", "motion");
    }
    assertEquals(before + 1, app.problems(kind));
    String metrics = app.get("/metrics").body();
    assertTrue(metrics.contains("vigilar_input_problems_total{kind=\"" + kind + "\"} "
        + (before + 1) + "\n"), metrics);
  }

  @Test
  void badInputOnTheSameTopicAsGoodOnesLeavesTheStateAlone() throws Exception {
    try (MqttTestClient device = app.device()) {
      device.publish("vigilar/sensors/mixed/contact", "open");
      device.publish("vigilar/sensors/mixed/contact", "{\"state\":");
      device.publish("vigilar/sensors/mixed/contact", "ajar");
      device.publish("vigilar/sensors/mixed/contact", "open");
      device.publish("vigilar/sensors/mixed/contact", "closed");
      app.awaitStored("mixed", "contact_closed");
    }
    assertEquals(List.of("contact_open", "contact_closed"), types("mixed"));
  }

  @Test
  void packetAboveTheBrokerLimitDropsOnlyThatClient() throws Exception {
    byte[] tooBig = new byte[app.appliance().settings().mqtt().maxMessageSize() + 128 * 1024];
    try (MqttTestClient bully = app.device(); MqttTestClient neighbour = app.device()) {
      assertThrows(MqttException.class,
          () -> bully.publish("vigilar/cameras/big/snapshot", tooBig, 1, false));
      Await.until("the oversized sender to be dropped", Duration.ofSeconds(30),
          () -> !bully.isConnected());
      assertTrue(neighbour.isConnected());
      neighbour.publish("vigilar/sensors/after-bully/panic", "on");
      app.awaitStored("after-bully", "panic");
    }
  }

  private static void assertThrows(Class<? extends Throwable> type,
      org.junit.jupiter.api.function.Executable executable) {
    org.junit.jupiter.api.Assertions.assertThrows(type, executable);
  }
}
