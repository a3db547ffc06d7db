package org.vigilar.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.vigilar.Appliance;
import org.vigilar.config.MqttSettings;
import org.vigilar.config.Settings;
import org.vigilar.config.WebSettings;
import org.vigilar.devices.Devices;
import org.vigilar.devices.NewCredential;
import org.vigilar.security.AdminBootstrap;
import org.vigilar.testing.TestAppliance;

/**
 * A real appliance on free ports in a temporary directory, with the clients a test needs:
 * HTTP and the SSE stream (signed in with an API token, as an integration would be), and MQTT
 * devices. Closing it closes everything it opened.
 */
final class ApplianceFixture implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An HTTP answer: status and JSON body. */
  record Answer(int status, JsonNode body) {
  }

  private static final AtomicInteger MARKERS = new AtomicInteger();

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  final Appliance appliance;
  private final String token;

  private ApplianceFixture(Appliance appliance) {
    this.appliance = appliance;
    this.token = appliance.webAccess().tokens().add("alarm-tests-" + System.nanoTime())
        .reveal();
  }

  /**
   * Starts an appliance with ephemeral ports on top of {@code settings}, with the
   * administrator password of {@link TestAppliance#ADMIN_PASSWORD} for browser sign-in.
   */
  static ApplianceFixture start(Settings settings) {
    return new ApplianceFixture(Appliance.start(settings.withMqtt(MqttSettings.ephemeral())
        .withWeb(WebSettings.ephemeral()), Clock.systemUTC(),
        new AdminBootstrap(TestAppliance.ADMIN_PASSWORD.toCharArray(), System.out)));
  }

  SseReader sse() throws IOException, InterruptedException {
    SseReader sse = SseReader.open(appliance.httpPort(), token);
    opened.push(sse);
    return sse;
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  Answer put(String path, String json) throws IOException, InterruptedException {
    return send(request(path)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A request without credentials, as a stranger on the network would send it. */
  Answer putWithoutSignIn(String path, String json) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }

  /** An anonymous MQTT client, as the ephemeral settings allow. */
  MqttClient device(String name) throws MqttException {
    return connect(name, new MqttConnectOptions());
  }

  /** Adds device credentials, with extra publish grants such as {@code vigilar/alarm/set}. */
  NewCredential addDevice(String id, String... grants) {
    return appliance.devices().add(new Devices.Spec(id, null, null, null, List.of(grants)));
  }

  /** A client that signs in with a device's credentials. */
  MqttClient connectDevice(NewCredential device) throws MqttException {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(device.deviceId());
    options.setPassword(device.password().chars());
    return connect(device.deviceId(), options);
  }

  MqttClient connect(String name, MqttConnectOptions options) throws MqttException {
    MqttClient client = new MqttClient("tcp://127.0.0.1:" + appliance.mqttPort(),
        name + "-" + UUID.randomUUID(), new MemoryPersistence());
    client.setTimeToWait(5000);
    options.setCleanSession(true);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setConnectionTimeout(5);
    try {
      client.connect(options);
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
    opened.push(() -> {
      if (client.isConnected()) {
        client.disconnect(1000);
      }
      client.close(true);
    });
    return client;
  }

  static void publish(MqttClient client, String topic, String payload) throws MqttException {
    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  /** The retained alarm state a newly subscribing keypad receives. */
  String retainedAlarmState() throws MqttException, InterruptedException {
    MqttClient keypad = device("state-reader");
    BlockingQueue<String> states = new LinkedBlockingQueue<>();
    keypad.subscribe(AlarmService.STATE_TOPIC, 1, (topic, message) ->
        states.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
    String state = states.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (state == null) {
      throw new AssertionError("no retained message on " + AlarmService.STATE_TOPIC);
    }
    return state;
  }

  /**
   * Publishes a low battery of a new sensor and waits for its event: a marker that shows the
   * stream has caught up with everything published before, and that is never an activation.
   */
  void marker(SseReader sse) throws MqttException, InterruptedException {
    String id = "marker-" + MARKERS.incrementAndGet();
    publish(device(id), "vigilar/sensors/" + id + "/battery", "5");
    sse.await("the marker " + id, e -> e.path("source_id").asText().equals(id), WAIT);
  }

  /** Waits until {@code condition} holds, checking every 20 ms. */
  static void until(String what, BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + timeout.toMillis() + " ms");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  static MqttMessage message(String payload) {
    MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    message.setQos(1);
    return message;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + appliance.httpPort() + path);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }

  @Override
  public void close() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
    appliance.close();
  }
}
