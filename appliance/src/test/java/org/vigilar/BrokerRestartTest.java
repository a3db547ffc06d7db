package org.vigilar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.testing.Await;
import org.vigilar.testing.MqttTestClient;
import org.vigilar.testing.SseTestClient;
import org.vigilar.testing.StoredEvent;
import org.vigilar.testing.TestAppliance;

/** The MQTT side goes down and comes back while the web side keeps serving. */
class BrokerRestartTest {

  private TestAppliance app;

  @BeforeEach
  void start(@TempDir Path dir) {
    app = TestAppliance.start(dir);
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private String health(String field) {
    return app.getJson("/healthz").get(field).asText();
  }

  private static boolean isBridge(SseTestClient.Message m, boolean live) {
    return "bridge".equals(m.event()) && m.data().equals("{\"live\":" + live + "}");
  }

  @Test
  void bridgeResubscribesAfterABrokerRestartAndTheStreamMissesNothing() throws Exception {
    int port = app.appliance().mqttPort();
    try (SseTestClient sse = app.sse()) {
      Await.until("the stream to be live",
          () -> sse.messages().stream().anyMatch(m -> isBridge(m, true)));
      List<MqttTestClient.Publication> burst = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        burst.add(new MqttTestClient.Publication("vigilar/sensors/before-" + i + "/motion",
            "on"));
      }
      try (MqttTestClient device = MqttTestClient.connect(app.appliance(), 100)) {
        device.publishAll(burst);
        // Events still in the pipeline when the broker stops are stored but not published.
        app.appliance().stopBrokerForTest();
        Await.until("the device to lose its broker", () -> !device.isConnected());
      }
      Await.until("the stream to report live updates paused",
          () -> sse.messages().stream().anyMatch(m -> isBridge(m, false)));
      assertEquals("down", health("broker"));
      assertEquals("paused", health("bridge"));

      app.appliance().startBrokerForTest();
      assertEquals(port, app.appliance().mqttPort(), "devices find the broker where it was");
      // The bridge retries with a backoff; an event made before it is back reaches the
      // stream from the store once it is.
      try (MqttTestClient device = app.device()) {
        device.publish("vigilar/sensors/during-gap/panic", "on");
      }
      long gapEvent = app.awaitStored("during-gap", "panic").id();

      Await.until("the bridge to be live again", () -> health("bridge").equals("live"));
      assertEquals("up", health("broker"));
      try (MqttTestClient device = app.device()) {
        device.publish("vigilar/sensors/after-restart/motion", "on");
      }
      long after = app.awaitStored("after-restart", "motion").id();
      sse.awaitEventId(after);

      List<Long> stored = app.storedEvents().stream().map(StoredEvent::id).toList();
      assertEquals(stored, sse.eventIds(), "every stored event, in order, once");
      assertTrue(sse.eventIds().contains(gapEvent));
      long pausedAt = indexOf(sse, false);
      long liveAgainAt = lastIndexOf(sse, true);
      assertTrue(pausedAt < liveAgainAt, "paused, then live again");
      assertFalse(sse.ended(), "the stream stayed open through the outage");
    }
  }

  @Test
  void theAlarmStateIsPublishedAgainAfterABrokerRestart() throws Exception {
    HttpResponse<String> armed = app.put("/api/alarm", "{\"mode\":\"armed_away\"}");
    assertEquals(200, armed.statusCode(), armed.body());
    assertEquals("arming", alarmStateHeardBySubscribing());

    app.appliance().stopBrokerForTest();
    app.appliance().startBrokerForTest();

    // The broker keeps no retained message across a restart: the panel publishes it again.
    assertEquals("arming", alarmStateHeardBySubscribing());
  }

  /** What a keypad that subscribes now hears on the alarm state topic. */
  private String alarmStateHeardBySubscribing() throws Exception {
    try (MqttTestClient keypad = app.device()) {
      BlockingQueue<MqttMessage> inbox = new LinkedBlockingQueue<>();
      keypad.subscribe("vigilar/alarm/state", inbox);
      MqttMessage state = inbox.poll(10, TimeUnit.SECONDS);
      assertNotNull(state, "no alarm state on vigilar/alarm/state");
      return new String(state.getPayload(), StandardCharsets.UTF_8);
    }
  }

  private static long indexOf(SseTestClient sse, boolean live) {
    List<SseTestClient.Message> messages = sse.messages();
    for (int i = 0; i < messages.size(); i++) {
      if (isBridge(messages.get(i), live)) {
        return i;
      }
    }
    return -1;
  }

  private static long lastIndexOf(SseTestClient sse, boolean live) {
    List<SseTestClient.Message> messages = sse.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (isBridge(messages.get(i), live)) {
        return i;
      }
    }
    return -1;
  }
}
