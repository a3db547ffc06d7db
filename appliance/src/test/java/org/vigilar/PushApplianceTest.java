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
import org.vigilar.config.MqttSettings;
import org.vigilar.config.Settings;
import org.vigilar.config.WebSettings;
import org.vigilar.push.ApiClient;
import org.vigilar.push.Eventually;
import org.vigilar.push.FakePushService;
import org.vigilar.push.PushMock;
import org.vigilar.push.Sensors;

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
    return closing(Appliance.start(Settings.defaults(dir)
        .withMqtt(MqttSettings.ephemeral()).withWeb(WebSettings.ephemeral()), Clock.systemUTC()));
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
    ApiClient api = new ApiClient(appliance.httpPort());
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
  void expiredSubscriptionAnswers410AndIsDeletedWhileOthersStillGetAlerts() throws Exception {
    PushMock mock = closing(PushMock.start());
    Appliance appliance = start();
    ApiClient api = new ApiClient(appliance.httpPort());
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
    assertEquals(0, api.metric("vigilar_push_outbox_depth"));
    assertTrue(api.delete("/api/push/subscriptions", "{\"id\":\""
        + gone.get("id").asText() + "\"}").json().get("deleted").asBoolean());
    assertNull(subscription(api, "Old phone"));
    assertNotNull(subscription(api, "New phone"));
  }
}
