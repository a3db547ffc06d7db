package org.vigilar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigilar.SecurityFixture.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.devices.NewCredential;
import org.vigilar.security.WebGuard;
import org.vigilar.web.Json;

/**
 * Sign-in, sessions, tokens and request rules over real HTTP. One appliance serves the class;
 * tests that lock out a client address send from their own loopback address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityWebTest {

  private static final List<String> PROTECTED = List.of("/api/events", "/api/sensors",
      "/api/devices", "/api/session", "/api/tls", "/metrics", "/events/stream");

  @TempDir
  static Path dir;

  private SecurityFixture fixture;

  @BeforeAll
  void start() {
    fixture = SecurityFixture.start(dir);
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @Test
  void everyProtectedRouteAnswers401WithoutASession() {
    for (String path : PROTECTED) {
      HttpResponse<String> response = fixture.get(path, null);
      assertEquals(401, response.statusCode(), path);
      assertEquals("sign in required", json(response).get("error").asText(), path);
    }
    assertEquals(401, fixture.get("/api/events", "made-up-session").statusCode());
    assertEquals(401, fixture.get("//api//events", null).statusCode());
  }

  @Test
  void publicRoutesNeedNoSession() {
    assertEquals(200, fixture.get("/healthz", null).statusCode());
    assertEquals(200, fixture.get("/", null).statusCode());
    assertEquals(200, fixture.get("/app.js", null).statusCode());
    // No TLS in this appliance: nothing to point the sign-in page to, no CA to hand out, but
    // no session asked for either.
    HttpResponse<String> facts = fixture.get("/api/login", null);
    assertEquals(200, facts.statusCode());
    assertEquals("{\"https_port\":null,\"ca_url\":null,\"ca_sha256\":null}", facts.body());
    assertEquals(404, fixture.get("/api/tls/ca.pem", null).statusCode());
  }

  @Test
  void loginSetsAHardenedSessionCookieThatOpensEveryRoute() throws Exception {
    HttpResponse<String> login = fixture.login(SecurityFixture.ADMIN_PASSWORD);
    assertEquals(200, login.statusCode());
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.startsWith(WebGuard.COOKIE + "="), cookie);
    assertTrue(cookie.contains("; HttpOnly"), cookie);
    assertTrue(cookie.contains("; SameSite=Strict"), cookie);
    assertTrue(cookie.contains("; Path=/"), cookie);
    assertTrue(cookie.contains("; Max-Age=604800"), cookie);
    assertFalse(cookie.contains("Secure"), "no Secure flag over plain HTTP: " + cookie);
    assertNotNull(json(login).get("csrf_token").asText());

    String session = SecurityFixture.cookieValue(login);
    for (String path : PROTECTED) {
      if (!path.equals("/events/stream")) {
        assertEquals(200, fixture.get(path, session).statusCode(), path);
      }
    }
    try (SseReader stream = new SseReader(fixture, session)) {
      stream.awaitData("connected");
    }
  }

  @Test
  void logoutEndsTheSession() {
    String session = fixture.signIn();
    HttpResponse<String> logout = fixture.postJson("/api/logout", session, "{}");
    assertEquals(200, logout.statusCode());
    assertTrue(logout.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
    assertEquals(401, fixture.get("/api/events", session).statusCode());
  }

  @Test
  void wrongPasswordsAreRefusedThenLimitedPerAddressWith429() {
    int port = fixture.appliance.httpPort();
    String wrong = "{\"password\":\"not-it\"}";
    for (int i = 0; i < 4; i++) {
      assertEquals(401, login("127.0.0.2", port, wrong).status());
    }
    RawHttp.Response fifth = login("127.0.0.2", port, wrong);
    assertEquals(401, fifth.status());
    RawHttp.Response limited = login("127.0.0.2", port,
        "{\"password\":\"" + SecurityFixture.ADMIN_PASSWORD + "\"}");
    assertEquals(429, limited.status());
    assertTrue(Long.parseLong(limited.header("Retry-After")) >= 1, limited.head());
    assertTrue(limited.body().contains("\"error\""), limited.body());

    // Another address is not affected.
    assertEquals(200, login("127.0.0.3", port,
        "{\"password\":\"" + SecurityFixture.ADMIN_PASSWORD + "\"}").status());
  }

  @Test
  void apiTokensWorkAsBearerAndStopWhenRevoked() {
    String token = fixture.appliance.webAccess().tokens().add("home-assistant").reveal();
    HttpRequest.Builder withToken = fixture.request("/api/events")
        .header("Authorization", "Bearer " + token).GET();
    assertEquals(200, fixture.send(withToken).statusCode());
    assertEquals(401, fixture.send(fixture.request("/api/events")
        .header("Authorization", "Bearer vgl_wrong").GET()).statusCode());

    // A bearer token is no ambient credential: no CSRF rule applies.
    HttpResponse<String> ack = fixture.send(fixture.request("/api/events/999/ack")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(404, ack.statusCode());

    assertTrue(fixture.appliance.webAccess().tokens().remove("home-assistant"));
    assertEquals(401, fixture.send(fixture.request("/api/events")
        .header("Authorization", "Bearer " + token).GET()).statusCode());
  }

  @Test
  void stateChangingRequestsNeedJsonOrTheCsrfToken() {
    HttpResponse<String> login = fixture.login(SecurityFixture.ADMIN_PASSWORD);
    String session = SecurityFixture.cookieValue(login);
    String csrf = json(login).get("csrf_token").asText();
    String cookie = WebGuard.COOKIE + "=" + session;

    HttpResponse<String> form = fixture.send(fixture.request("/api/events/999/ack")
        .header("Cookie", cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("a=b")));
    assertEquals(403, form.statusCode());
    assertEquals(404, fixture.postJson("/api/events/999/ack", session, "{}").statusCode());
    assertEquals(404, fixture.send(fixture.request("/api/events/999/ack")
        .header("Cookie", cookie)
        .header(WebGuard.CSRF_HEADER, csrf)
        .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
    assertEquals(403, fixture.send(fixture.request("/api/events/999/ack")
        .header("Cookie", cookie)
        .header(WebGuard.CSRF_HEADER, "forged")
        .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
    HttpResponse<String> foreign = fixture.send(fixture.request("/api/events/999/ack")
        .header("Cookie", cookie)
        .header("Origin", "http://evil.example")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertEquals(403, foreign.statusCode());
    HttpResponse<String> formLogin = fixture.send(fixture.request("/api/login")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("password=x")));
    assertEquals(415, formLogin.statusCode());
  }

  @Test
  void oversizedBodiesAreRefusedWith413() {
    String session = fixture.signIn();
    String big = "{\"id\":\"" + "x".repeat(100_000) + "\"}";
    HttpResponse<String> declared = fixture.postJson("/api/devices", session, big);
    assertEquals(413, declared.statusCode());
    assertTrue(declared.body().contains("\"error\""), declared.body());

    // Without a length Undertow stops reading at the limit, answers 413 and closes; a client
    // still sending may see the connection reset before it reads the answer.
    try {
      HttpResponse<String> chunked = fixture.send(fixture.request("/api/devices")
          .version(HttpClient.Version.HTTP_1_1)
          .header("Cookie", WebGuard.COOKIE + "=" + session)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofInputStream(
              () -> new ByteArrayInputStream(big.getBytes()))));
      assertEquals(413, chunked.statusCode());
    } catch (UncheckedIOException e) {
      // The server closed the connection while the client was still sending.
      assertNotNull(e.getCause());
    }
    HttpResponse<String> after = fixture.get("/api/devices", session);
    assertEquals(200, after.statusCode());
    assertFalse(after.body().contains("xxxxxxxx"), "a device came from an oversized body");
  }

  @Test
  void securityHeadersAreOnEveryResponse() {
    for (String path : List.of("/", "/healthz", "/api/events", "/nope")) {
      HttpResponse<String> response = fixture.get(path, null);
      String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
      assertTrue(csp.contains("frame-ancestors 'none'"), csp);
      assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options")
          .orElse(""), path);
      assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse(""));
    }
  }

  @Test
  void pathTraversalFindsNothing() {
    int port = fixture.appliance.httpPort();
    for (String path : List.of("/../vigilar.db", "/%2e%2e/logback.xml", "/..%2flogback.xml",
        "/web/../logback.xml", "/org/vigilar/Main.class")) {
      assertEquals(404, RawHttp.send("127.0.0.1", port, "GET", path, "", null).status(), path);
    }
  }

  @Test
  void devicesCanBeManagedThroughTheApi() throws Exception {
    String session = fixture.signIn();
    HttpResponse<String> added = fixture.postJson("/api/devices", session,
        "{\"id\":\"cam-1\",\"kind\":\"camera\",\"zone\":\"yard\",\"publish\":[\"frigate/#\"]}");
    assertEquals(201, added.statusCode(), added.body());
    String password = json(added).get("password").asText();
    assertEquals(24, password.length());

    HttpResponse<String> listed = fixture.get("/api/devices", session);
    assertTrue(listed.body().contains("\"cam-1\"") && listed.body().contains("frigate/#"));
    assertFalse(listed.body().contains(password));
    assertFalse(listed.body().contains("pbkdf2"));

    MqttClient camera = fixture.connect("cam-client", "cam-1", password.toCharArray());
    camera.publish("frigate/events", "{}".getBytes(), 1, false);
    assertTrue(camera.isConnected());
    await("the connection shows in the list",
        () -> !json(fixture.get("/api/devices", session)).get("devices").get(0)
            .get("last_connected").isNull());

    assertEquals(409, fixture.postJson("/api/devices", session, "{\"id\":\"cam-1\"}")
        .statusCode());
    assertEquals(400, fixture.postJson("/api/devices", session, "{\"id\":\"a/b\"}")
        .statusCode());
    assertEquals(400, fixture.postJson("/api/devices", session,
        "{\"id\":\"gw\",\"publish\":[\"vigilar/events/#\"]}").statusCode());

    HttpResponse<String> reset = fixture.postJson("/api/devices/cam-1/reset", session, "{}");
    assertEquals(200, reset.statusCode());
    assertNotEquals(password, json(reset).get("password").asText());
    await("the camera is dropped after the reset", () -> !camera.isConnected());

    HttpResponse<String> removed = fixture.send(fixture.request("/api/devices/cam-1")
        .header("Cookie", WebGuard.COOKIE + "=" + session)
        .header("Content-Type", "application/json")
        .DELETE());
    assertEquals(200, removed.statusCode());
    assertEquals(404, fixture.send(fixture.request("/api/devices/cam-1")
        .header("Cookie", WebGuard.COOKIE + "=" + session)
        .header("Content-Type", "application/json")
        .DELETE()).statusCode());
  }

  @Test
  void deviceCreatedThroughTheApiMayOnlyUseItsOwnTopics() throws Exception {
    NewCredential door = fixture.addDevice("api-door");
    MqttClient client = fixture.connectDevice(door);
    client.publish("vigilar/sensors/api-door/contact", "open".getBytes(), 1, false);
    assertTrue(client.isConnected());
  }

  private static RawHttp.Response login(String from, int port, String body) {
    return RawHttp.send(from, port, "POST", "/api/login",
        "Content-Type: application/json\r\n", body);
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }
}
