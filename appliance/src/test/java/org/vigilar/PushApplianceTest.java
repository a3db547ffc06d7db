package org.vigilar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.config.AlarmSettings;
import org.vigilar.config.MqttSettings;
import org.vigilar.config.Settings;
import org.vigilar.config.WebSettings;
import org.vigilar.push.ApiClient;
import org.vigilar.push.Eventually;
import org.vigilar.push.FakePushService;
import org.vigilar.push.BrowserKeys;
import org.vigilar.push.PushMock;
import org.vigilar.push.PushTuning;
import org.vigilar.push.Sensors;
import org.vigilar.push.SseRecorder;
import org.vigilar.testing.TestAppliance;

/** Push alerts end to end: real broker, MQTT sensor, store, API and a real mock push service. */
class PushApplianceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private final java.util.List<AutoCloseable> cleanup = new java.util.ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closing(T resource) {
    cleanup.add(resource);
    return resource;
  }

  private Appliance start() {
    return start(PushTuning.defaults());
  }

  private Appliance start(PushTuning tuning) {
    // The alarm panel stays out of these tests: the life-safety sensors only record, so each
    // makes its own alert and no alarm_triggered one besides.
    Settings settings = TestAppliance.monitorOnly("kitchen", "hall", "basement")
        .apply(Settings.defaults(dir).withMqtt(MqttSettings.ephemeral())
            .withWeb(WebSettings.ephemeral()));
    return closing(Appliance.start(settings, Clock.systemUTC(), tuning));
  }

  /** Subscribes at the mock with the appliance's key and registers it through the API. */
  private static JsonNode subscribe(PushMock mock, ApiClient api, String label) {
    String key = api.get("/api/push/public-key").json().get("publicKey").asText();
    JsonNode sub = mock.subscribe(key);
    ObjectNode body = sub.deepCopy();
    body.remove("clientHash");
    body.put("label", label);
    ApiClient.Answer added = api.post("/api/push/subscriptions", body.toString());
    assertEquals(201, added.status(), added.text());
    return sub;
  }

  private static JsonNode subscription(ApiClient api, String label) {
    for (JsonNode s : api.get("/api/push/subscriptions").json().get("subscriptions")) {
      if (s.get("label").asText().equals(label)) {
        return s;
      }
    }
    return null;
  }

  @Test
  void criticalEventReachesTheMockEncryptedAndDecryptsToTheEvent() throws Exception {
    PushMock mock = closing(PushMock.start());
    Appliance appliance = start();
    ApiClient api = new ApiClient(appliance);
    JsonNode sub = subscribe(mock, api, "Test phone");
    Sensors sensors = closing(new Sensors(appliance.mqttPort()));

    sensors.publish("kitchen", "smoke", "on");

    String hash = sub.get("clientHash").asText();
    List<String> received = Eventually.value(WAIT, "the alert at the mock", () -> {
      List<String> messages = mock.notifications(hash);
      return messages.isEmpty() ? null : messages;
    });
    assertEquals(1, received.size());
    JsonNode alert = JSON.readTree(received.get(0));
    JsonNode stored = api.get("/api/events?limit=1").json().get("events").get(0);
    assertEquals(stored, alert.get("event"), "the payload carries the stored event summary");
    assertEquals("alert", alert.get("kind").asText());
    assertEquals("critical", alert.get("severity").asText());
    assertEquals("kitchen", alert.get("source").asText());
    assertEquals("Critical: Smoke", alert.get("title").asText());
    assertEquals("vigilar-kitchen", alert.get("tag").asText());
    assertEquals("/#event-" + stored.get("id").asLong(), alert.get("url").asText());

    Eventually.until(WAIT, "the subscription to show a success",
        () -> !subscription(api, "Test phone").get("last_success").isNull());
    JsonNode listed = subscription(api, "Test phone");
    assertEquals("active", listed.get("status").asText());
    assertEquals("localhost", listed.get("service").asText());
    assertFalse(api.get("/api/push/subscriptions").text().contains(hash),
        "the list never shows endpoints");
    assertEquals(1, api.metric("vigilar_push_sends_total{outcome=\"delivered\"}"));
    assertEquals(1, api.metric("vigilar_push_send_seconds_count{outcome=\"delivered\"}"));
  }

  @Test
  void warningsPushOnlyWhileThePanelIsArmed() throws Exception {
    PushMock mock = closing(PushMock.start());
    Settings settings = Settings.defaults(dir).withMqtt(MqttSettings.ephemeral())
        .withWeb(WebSettings.ephemeral())
        .withAlarm(new AlarmSettings(Duration.ZERO, Duration.ofSeconds(30)));
    Appliance appliance = closing(Appliance.start(settings, Clock.systemUTC(),
        PushTuning.defaults()));
    ApiClient api = new ApiClient(appliance);
    String hash = subscribe(mock, api, "Test phone").get("clientHash").asText();
    Sensors sensors = closing(new Sensors(appliance.mqttPort()));

    // A low battery is a warning; by default warnings push only while the system is armed.
    sensors.publish("shed", "battery", "5");
    Eventually.until(WAIT, "the shed's battery_low stored", () -> api.get(
        "/api/events?type=battery_low").json().get("events").size() == 1);
    ApiClient.Answer armed = api.put("/api/alarm", "{\"mode\":\"armed_away\"}");
    assertEquals(200, armed.status(), armed.text());
    assertEquals("armed_away", armed.json().get("state").asText());
    sensors.publish("attic", "battery", "5");

    List<String> received = Eventually.value(WAIT, "the alert at the mock", () -> {
      List<String> messages = mock.notifications(hash);
      return messages.isEmpty() ? null : messages;
    });
    assertEquals(1, received.size(), "only the warning made while armed: " + received);
    JsonNode alert = JSON.readTree(received.get(0));
    assertEquals("attic", alert.get("source").asText());
    assertEquals("battery_low", alert.get("event").get("type").asText());
    assertEquals("warning", alert.get("severity").asText());
  }

  @Test
  void expiredSubscriptionAnswers410AndIsDeletedWhileOthersStillGetAlerts() throws Exception {
    PushMock mock = closing(PushMock.start());
    Appliance appliance = start();
    ApiClient api = new ApiClient(appliance);
    JsonNode old = subscribe(mock, api, "Old phone");
    JsonNode current = subscribe(mock, api, "New phone");
    mock.expire(old.get("clientHash").asText());
    Sensors sensors = closing(new Sensors(appliance.mqttPort()));

    sensors.publish("hall", "panic", "on");

    Eventually.until(WAIT, "the expired subscription to be marked gone",
        () -> subscription(api, "Old phone").get("status").asText().equals("gone"));
    JsonNode gone = subscription(api, "Old phone");
    assertEquals("HTTP 410", gone.get("last_error").asText());
    assertNull(gone.get("last_success").textValue());
    Eventually.until(WAIT, "the alert at the other phone",
        () -> mock.notifications(current.get("clientHash").asText()).size() == 1);
    assertEquals(1, api.metric("vigilar_push_subscriptions_removed_total"));
    assertEquals(1, api.metric("vigilar_push_subscriptions"));

    // Nothing more goes to it: the next alert reaches the other phone only.
    sensors.publish("hall", "panic", "off");
    sensors.publish("hall", "panic", "on");
    Eventually.until(WAIT, "the second alert at the other phone",
        () -> mock.notifications(current.get("clientHash").asText()).size() == 2);
    assertEquals(1, api.metric("vigilar_push_sends_total{outcome=\"gone\"}"));
    Eventually.until(WAIT, "an empty outbox",
        () -> api.metric("vigilar_push_outbox_depth") == 0);
    assertTrue(api.delete("/api/push/subscriptions", "{\"id\":\""
        + gone.get("id").asText() + "\"}").json().get("deleted").asBoolean());
    assertNull(subscription(api, "Old phone"));
    assertNotNull(subscription(api, "New phone"));
  }

  @Test
  void failingPushServicesAreRetriedWithBackoffWhileSseKeepsItsPace() throws Exception {
    PushTuning tuning = new PushTuning(Duration.ofSeconds(1), Duration.ofMillis(300),
        Duration.ofMillis(100), Duration.ofMillis(1600), 4);
    Appliance appliance = start(tuning);
    ApiClient api = new ApiClient(appliance);
    FakePushService failing = closing(new FakePushService().answer(500, null));
    FakePushService hanging = closing(new FakePushService().hang());
    Sensors sensors = closing(new Sensors(appliance.mqttPort()));
    SseRecorder sse = closing(new SseRecorder(appliance));
    assertTrue(sse.awaitLive(WAIT), "the stream connected and live");
    doorLatencies(sensors, sse, 0, 3);
    List<Long> before = doorLatencies(sensors, sse, 3, 12);

    assertEquals(201, api.post("/api/push/subscriptions",
        BrowserKeys.subscription(failing.endpoint("/push/a"), "Failing")).status());
    assertEquals(201, api.post("/api/push/subscriptions",
        BrowserKeys.subscription(hanging.endpoint("/push/b"), "Hanging")).status());
    sensors.publish("kitchen", "smoke", "on");
    assertNotNull(sse.next(WAIT), "the smoke event on the stream");
    List<Long> during = doorLatencies(sensors, sse, 15, 12);
    Eventually.until(WAIT, "five attempts at the failing service",
        () -> failing.attempts().size() >= 5);
    Eventually.until(WAIT, "three attempts at the hanging service",
        () -> hanging.attempts().size() >= 3);

    List<FakePushService.Attempt> tries = failing.attempts();
    for (int k = 1; k < 5; k++) {
      long gapMs = (tries.get(k).nanoTime() - tries.get(k - 1).nanoTime()) / 1_000_000;
      long plannedMs = Math.min(100L << (k - 1), 1600);
      assertTrue(gapMs >= plannedMs * 8 / 10, "gap " + k + " was " + gapMs + " ms, planned "
          + plannedMs + " ms less a fifth at most");
    }
    List<FakePushService.Attempt> waits = hanging.attempts();
    long hangGapMs = (waits.get(1).nanoTime() - waits.get(0).nanoTime()) / 1_000_000;
    assertTrue(hangGapMs >= 300 + 80, "a hanging send is cut at the timeout, then backs off: "
        + hangGapMs + " ms");

    long medianBefore = before.get(before.size() / 2);
    long medianDuring = during.get(during.size() / 2);
    assertTrue(medianDuring <= Math.max(3 * medianBefore, medianBefore + 100),
        "SSE latency while push fails: median " + medianDuring + " ms, before " + medianBefore
        + " ms; all during " + during);
    assertTrue(during.get(during.size() - 1) < 1000, "slowest SSE event " + during);

    JsonNode failingSub = subscription(api, "Failing");
    assertEquals("failing", failingSub.get("status").asText());
    assertEquals("HTTP 500", failingSub.get("last_error").asText());
    assertEquals("no answer within 300 ms",
        subscription(api, "Hanging").get("last_error").asText());
    assertTrue(api.metric("vigilar_push_sends_total{outcome=\"retry\"}") >= 4);
    assertTrue(api.metric("vigilar_push_sends_total{outcome=\"timeout\"}") >= 2);
    assertEquals(2, api.metric("vigilar_push_outbox_depth"), "the alerts are still pending");
  }

  /**
   * Opens and closes a door {@code count} times and returns each event's time from publish to
   * arrival on the SSE stream, in ms, sorted.
   */
  private static List<Long> doorLatencies(Sensors sensors, SseRecorder sse, int offset,
      int count) throws Exception {
    List<Long> latencies = new java.util.ArrayList<>();
    for (int i = offset; i < offset + count; i++) {
      long start = System.nanoTime();
      sensors.publish("front-door", "contact", i % 2 == 0 ? "open" : "closed");
      SseRecorder.Arrival arrival = sse.next(WAIT);
      assertNotNull(arrival, "door event " + i + " on the stream");
      latencies.add((arrival.nanoTime() - start) / 1_000_000);
    }
    latencies.sort(null);
    return latencies;
  }

  @Test
  void alertsLeftInTheOutboxAreDeliveredAfterARestart() throws Exception {
    PushMock mock = closing(PushMock.start());
    FakePushService gate = closing(new FakePushService().answer(503, "1"));
    Appliance first = start();
    ApiClient api = new ApiClient(first);
    String key = api.get("/api/push/public-key").json().get("publicKey").asText();
    JsonNode sub = mock.subscribe(key);
    ObjectNode viaGate = sub.deepCopy();
    String path = java.net.URI.create(sub.get("endpoint").asText()).getPath();
    viaGate.put("endpoint", gate.endpoint(path));
    viaGate.remove("clientHash");
    assertEquals(201, api.post("/api/push/subscriptions", viaGate.toString()).status());
    try (Sensors sensors = new Sensors(first.mqttPort())) {
      sensors.publish("basement", "water", "on");
    }
    assertNotNull(gate.nextAttempt(WAIT), "a first attempt, refused with 503");
    assertEquals(1, api.metric("vigilar_push_outbox_depth"));
    first.close();

    gate.forwardTo("http://localhost:" + mock.port());
    Appliance second = start();
    ApiClient again = new ApiClient(second);
    assertEquals(key, again.get("/api/push/public-key").json().get("publicKey").asText(),
        "the VAPID key survives the restart");

    String hash = sub.get("clientHash").asText();
    Eventually.until(WAIT, "the pending alert at the mock after the restart",
        () -> !mock.notifications(hash).isEmpty());
    JsonNode alert = JSON.readTree(mock.notifications(hash).get(0));
    assertEquals("water_leak", alert.get("type").asText());
    assertEquals("basement", alert.get("source").asText());
    Eventually.until(WAIT, "an empty outbox",
        () -> again.metric("vigilar_push_outbox_depth") == 0);
    assertEquals(1, mock.notifications(hash).size(), "delivered once");
  }
}
