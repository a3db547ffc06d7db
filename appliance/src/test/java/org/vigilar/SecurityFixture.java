package org.vigilar;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.vigilar.config.MqttSettings;
import org.vigilar.config.Settings;
import org.vigilar.config.WebSettings;
import org.vigilar.devices.Devices;
import org.vigilar.devices.NewCredential;
import org.vigilar.security.AdminBootstrap;
import org.vigilar.security.WebGuard;

/**
 * A running appliance with anonymous MQTT off, a known administrator password and helpers for
 * real MQTT and HTTP clients on loopback. Closing it closes every client it made.
 */
final class SecurityFixture implements AutoCloseable {

  static final String ADMIN_PASSWORD = "correct-horse-battery";

  final Path dir;
  final Appliance appliance;
  final ByteArrayOutputStream console = new ByteArrayOutputStream();
  final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();
  private final List<MqttClient> clients = new ArrayList<>();

  private SecurityFixture(Path dir, Settings settings, char[] adminPassword) {
    this.dir = dir;
    this.appliance = Appliance.start(settings, Clock.systemUTC(), new AdminBootstrap(
        adminPassword, new PrintStream(console, true, StandardCharsets.UTF_8)));
  }

  static Settings settings(Path dir) {
    return Settings.defaults(dir)
        .withMqtt(MqttSettings.ephemeral().withAllowAnonymous(false))
        .withWeb(WebSettings.ephemeral());
  }

  static SecurityFixture start(Path dir) {
    return start(dir, UnaryOperator.identity());
  }

  static SecurityFixture start(Path dir, UnaryOperator<Settings> tweak) {
    return new SecurityFixture(dir, tweak.apply(settings(dir)), ADMIN_PASSWORD.toCharArray());
  }

  /** Starts with no preset administrator password, as a first start does. */
  static SecurityFixture startFresh(Path dir) {
    return new SecurityFixture(dir, settings(dir), null);
  }

  String mqttUri() {
    return "tcp://127.0.0.1:" + appliance.mqttPort();
  }

  String base() {
    return "http://127.0.0.1:" + appliance.httpPort();
  }

  NewCredential addDevice(String id, String... grants) {
    return appliance.devices().add(new Devices.Spec(id, null, null, null, List.of(grants)));
  }

  MqttConnectOptions options(String user, char[] password) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setConnectionTimeout(5);
    options.setKeepAliveInterval(30);
    if (user != null) {
      options.setUserName(user);
    }
    if (password != null) {
      options.setPassword(password);
    }
    return options;
  }

  /** A connected client; throws what Paho throws when the broker refuses. */
  MqttClient connect(String clientId, String user, char[] password) throws MqttException {
    return connectWith(mqttUri(), clientId, options(user, password));
  }

  MqttClient connectWith(String uri, String clientId, MqttConnectOptions options)
      throws MqttException {
    MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
    client.setTimeToWait(10_000);
    synchronized (clients) {
      clients.add(client);
    }
    client.connect(options);
    return client;
  }

  MqttClient connectDevice(NewCredential device) throws MqttException {
    return connect(device.deviceId() + "-" + UUID.randomUUID(), device.deviceId(),
        device.password().chars());
  }

  MqttClient connectInternal(String clientId) throws MqttException {
    return connect(clientId, appliance.internalCredential().username(),
        appliance.internalCredential().password());
  }

  long counter(String name) {
    return appliance.metrics().count(name, "", "");
  }

  long counter(String name, String label, String value) {
    return appliance.metrics().count(name, label, value);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base() + path));
  }

  HttpResponse<String> get(String path, String cookie) {
    HttpRequest.Builder request = request(path).GET();
    if (cookie != null) {
      request.header("Cookie", WebGuard.COOKIE + "=" + cookie);
    }
    return send(request);
  }

  HttpResponse<String> postJson(String path, String cookie, String json) {
    HttpRequest.Builder request = request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (cookie != null) {
      request.header("Cookie", WebGuard.COOKIE + "=" + cookie);
    }
    return send(request);
  }

  HttpResponse<String> login(String password) {
    return postJson("/api/login", null, "{\"password\":\"" + password + "\"}");
  }

  /** Signs in with the administrator password and returns the session cookie's value. */
  String signIn() {
    HttpResponse<String> response = login(ADMIN_PASSWORD);
    if (response.statusCode() != 200) {
      fail("login answered " + response.statusCode() + ": " + response.body());
    }
    return cookieValue(response);
  }

  static String cookieValue(HttpResponse<String> response) {
    String header = response.headers().firstValue("Set-Cookie").orElseThrow();
    String pair = header.substring(0, header.indexOf(';'));
    return pair.substring(pair.indexOf('=') + 1);
  }

  /** Waits up to ten seconds for {@code condition}, polling; fails with {@code what}. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting until " + what);
      }
      LockSupport.parkNanos(5_000_000);
    }
  }

  @Override
  public void close() {
    synchronized (clients) {
      for (MqttClient client : clients) {
        try {
          if (client.isConnected()) {
            client.disconnectForcibly(0, 1000);
          }
          client.close(true);
        } catch (MqttException e) {
          // Already gone: nothing left to release.
        }
      }
    }
    appliance.close();
  }
}
