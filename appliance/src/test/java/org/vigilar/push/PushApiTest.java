package org.vigilar.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.Appliance;
import org.vigilar.config.MqttSettings;
import org.vigilar.config.Settings;
import org.vigilar.config.WebSettings;

/** {@code /api/push/*} on the real appliance: keys, validation, listing, rules, test alerts. */
class PushApiTest {

  private static final String ENDPOINT = "https://push.example.net/wpush/v2/s3cr3t-token";

  @TempDir
  Path dir;

  private Appliance appliance;
  private ApiClient api;

  @BeforeEach
  void start() {
    appliance = Appliance.start(Settings.defaults(dir).withMqtt(MqttSettings.ephemeral())
        .withWeb(WebSettings.ephemeral()), Clock.systemUTC());
    api = new ApiClient(appliance);
  }

  @AfterEach
  void stop() {
    appliance.close();
  }

  @Test
  void publicKeyIsAnUncompressedP256PointAndThePrivateKeyIsOwnerOnly() throws Exception {
    ApiClient.Answer answer = api.get("/api/push/public-key");

    assertEquals(200, answer.status());
    byte[] point = Base64.getUrlDecoder().decode(answer.json().get("publicKey").asText());
    assertEquals(65, point.length);
    assertEquals(4, point[0]);
    Path file = dir.resolve(PushAlerts.KEY_FILE);
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(Files.readString(file).contains("private="));
  }

  @Test
  void subscriptionIsAddedListedWithoutSecretsAndDeletedByEndpoint() {
    ApiClient.Answer added = api.post("/api/push/subscriptions",
        BrowserKeys.subscription(ENDPOINT, "Kitchen tablet"));

    assertEquals(201, added.status(), added.text());
    assertEquals("active", added.json().get("status").asText());
    assertEquals("push.example.net", added.json().get("service").asText());
    assertEquals(Endpoints.idOf(ENDPOINT), added.json().get("id").asText());
    ApiClient.Answer list = api.get("/api/push/subscriptions");
    JsonNode only = list.json().get("subscriptions").get(0);
    assertEquals("Kitchen tablet", only.get("label").asText());
    assertNotNull(only.get("created").textValue());
    assertTrue(only.get("last_success").isNull());
    assertFalse(list.text().contains("s3cr3t"), list.text());
    assertFalse(list.text().contains("auth"), list.text());

    ApiClient.Answer deleted = api.delete("/api/push/subscriptions",
        "{\"endpoint\":\"" + ENDPOINT + "\"}");
    assertEquals(200, deleted.status());
    assertEquals(0, api.get("/api/push/subscriptions").json().get("subscriptions").size());
    assertEquals(404, api.delete("/api/push/subscriptions",
        "{\"endpoint\":\"" + ENDPOINT + "\"}").status());
  }

  @Test
  void postingAKnownEndpointAgainUpdatesItsLabelAndKeys() {
    api.post("/api/push/subscriptions", BrowserKeys.subscription(ENDPOINT, "Old name"));
    ApiClient.Answer again = api.post("/api/push/subscriptions",
        BrowserKeys.subscription(ENDPOINT, "New name"));

    assertEquals(201, again.status());
    JsonNode all = api.get("/api/push/subscriptions").json().get("subscriptions");
    assertEquals(1, all.size());
    assertEquals("New name", all.get(0).get("label").asText());
  }

  @Test
  void malformedSubscriptionsAreRefusedWithAJsonErrorThatKeepsSecretsOut() {
    assertError("{not json", "not valid JSON");
    assertError("[]", "JSON object");
    assertError("{\"endpoint\":\"" + ENDPOINT + "\"}", "keys");
    assertError(BrowserKeys.subscription("http://push.example.net/x", "A"), "https");
    assertError(BrowserKeys.subscription("ftp://push.example.net/x", "A"), "https");
    assertError(BrowserKeys.subscription(ENDPOINT, "x".repeat(61)), "label");
    String badKey = "{\"endpoint\":\"" + ENDPOINT + "\",\"keys\":{\"p256dh\":\"AAAA\","
        + "\"auth\":\"AAAAAAAAAAAAAAAAAAAAAA\"}}";
    assertFalse(assertError(badKey, "p256dh").contains("s3cr3t"));
    String offCurve = BrowserKeys.subscription(ENDPOINT, "A").replaceFirst(
        "\"p256dh\":\"[^\"]+\"", "\"p256dh\":\"B" + "A".repeat(86) + "\"");
    assertError(offCurve, "P-256");
    String badAuth = BrowserKeys.subscription(ENDPOINT, "A").replaceFirst(
        "\"auth\":\"[^\"]+\"", "\"auth\":\"c2hvcnQ\"");
    assertFalse(assertError(badAuth, "auth").contains("s3cr3t"));
    assertEquals(0, api.get("/api/push/subscriptions").json().get("subscriptions").size());
  }

  private String assertError(String body, String mentions) {
    ApiClient.Answer answer = api.post("/api/push/subscriptions", body);
    assertEquals(400, answer.status(), answer.text());
    String error = answer.json().get("error").asText();
    assertTrue(error.contains(mentions), error);
    return error;
  }

  @Test
  void rulesDefaultToCriticalAlwaysWarningArmedInfoNeverAndCanBeChanged() {
    JsonNode rules = api.get("/api/push/rules").json();
    assertEquals(4, rules.get("severities").get("critical").size());
    assertEquals("[\"armed_home\",\"armed_night\",\"armed_away\"]",
        rules.get("severities").get("warning").toString());
    assertEquals(0, rules.get("severities").get("info").size());

    ApiClient.Answer changed = api.put("/api/push/rules",
        "{\"severities\":{\"warning\":\"always\"},\"types\":{\"battery_low\":\"never\"}}");
    assertEquals(200, changed.status(), changed.text());
    assertEquals(4, changed.json().get("severities").get("warning").size());
    assertEquals(0, changed.json().get("types").get("battery_low").size());
    assertEquals(changed.json(), api.get("/api/push/rules").json());

    ApiClient.Answer wrong = api.put("/api/push/rules",
        "{\"severities\":{\"warning\":[\"armed_sometimes\"]}}");
    assertEquals(400, wrong.status());
    assertTrue(wrong.json().get("error").asText().contains("armed_sometimes"));
  }

  @Test
  void testAlertReachesTheSubscriptionAndItsDisplayIsTimed() throws Exception {
    try (FakePushService service = new FakePushService().answer(201, null)) {
      String endpoint = service.endpoint("/phone");
      api.post("/api/push/subscriptions", BrowserKeys.subscription(endpoint, "Phone"));

      ApiClient.Answer queued = api.post("/api/push/test", "{\"endpoint\":\"" + endpoint
          + "\"}");

      assertEquals(202, queued.status(), queued.text());
      assertEquals(1, queued.json().get("queued").asInt());
      FakePushService.Attempt attempt = service.nextAttempt(Duration.ofSeconds(15));
      assertNotNull(attempt, "the test alert at the push service");
      assertEquals("high", attempt.header("Urgency"));
      String testId = queued.json().get("test_id").asText();
      ApiClient.Answer shown = api.post("/api/push/test/" + testId + "/shown", "");
      assertEquals(200, shown.status(), shown.text());
      assertTrue(shown.json().get("elapsed_ms").asLong() >= 0);
      assertEquals(404, api.post("/api/push/test/" + testId + "/shown", "").status(),
          "reported once");
      assertEquals(1, api.metric("vigilar_push_test_display_seconds_count"));
    }
    assertEquals(404, api.post("/api/push/test", "{\"endpoint\":\"" + ENDPOINT + "\"}")
        .status());
  }

  @Test
  void logTextsNeverCarryEndpointsOrKeys() {
    NewSubscription sub = new NewSubscription(ENDPOINT, "p256dh-secret", "auth-secret", "A");
    Subscription stored = new Subscription("id", ENDPOINT, "p256dh-secret", "auth-secret", "A",
        java.time.Instant.EPOCH, null, null, null, SubscriptionStatus.ACTIVE);
    for (String text : new String[] {sub.toString(), stored.toString()}) {
      assertFalse(text.contains("s3cr3t"), text);
      assertFalse(text.contains("secret"), text);
      assertTrue(text.contains("push.example.net"), text);
    }
  }
}
