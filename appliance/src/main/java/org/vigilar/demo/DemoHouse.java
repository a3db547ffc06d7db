package org.vigilar.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small simulated house that publishes over real MQTT at a human pace, so that a newcomer
 * sees the timeline move: two doors, two motion detectors, a water sensor and a camera.
 */
public final class DemoHouse implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoHouse.class);
  private static final List<String> DOORS = List.of("front-door", "back-door");
  private static final List<String> MOTION = List.of("hall-motion", "living-room-motion");
  private static final String CAMERA = "garage-camera";
  private static final String WATER = "kitchen-water";

  private final String serverUri;
  private final String username;
  private final char[] password;
  private final Random random = new Random();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "vigilar-demo-house");
    t.setDaemon(true);
    return t;
  });
  private MqttAsyncClient client;
  private final boolean[] doorOpen = new boolean[DOORS.size()];
  private int battery = 64;

  public DemoHouse(String serverUri, String username, char[] password) {
    this.serverUri = serverUri;
    this.username = username;
    this.password = password.clone();
  }

  /** Connects and starts publishing every few seconds. */
  public void start() throws MqttException {
    client = new MqttAsyncClient(serverUri, "demo-house-" + UUID.randomUUID(),
        new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setAutomaticReconnect(true);
    options.setCleanSession(true);
    options.setUserName(username);
    options.setPassword(password);
    client.connect(options).waitForCompletion(10_000);
    for (String id : List.of(DOORS.get(0), DOORS.get(1), MOTION.get(0), MOTION.get(1), WATER)) {
      publish("vigilar/sensors/" + id + "/status", "online");
    }
    timer.schedule(this::tick, 2, TimeUnit.SECONDS);
    log.info("Demo house publishing to {}: doors {}, motion {}, camera {}", serverUri, DOORS,
        MOTION, CAMERA);
  }

  private void tick() {
    try {
      step(random.nextInt(10));
    } catch (RuntimeException e) {
      log.warn("Demo house step failed: {}", e.getMessage());
    }
    timer.schedule(this::tick, 3000 + random.nextInt(4000), TimeUnit.MILLISECONDS);
  }

  private void step(int dice) {
    if (dice < 3) {
      int door = random.nextInt(DOORS.size());
      doorOpen[door] = !doorOpen[door];
      publish("vigilar/sensors/" + DOORS.get(door) + "/contact",
          "{\"state\":\"" + (doorOpen[door] ? "open" : "closed") + "\"}");
    } else if (dice < 6) {
      String sensor = MOTION.get(random.nextInt(MOTION.size()));
      publish("vigilar/sensors/" + sensor + "/motion", "on");
      timer.schedule(() -> publish("vigilar/sensors/" + sensor + "/motion", "off"), 1500,
          TimeUnit.MILLISECONDS);
    } else if (dice < 8) {
      publish("vigilar/cameras/" + CAMERA + "/motion", "ON");
      String label = random.nextBoolean() ? "person" : "car";
      publish("vigilar/cameras/" + CAMERA + "/object",
          "{\"label\":\"" + label + "\",\"score\":0." + (70 + random.nextInt(29)) + "}");
      timer.schedule(() -> publish("vigilar/cameras/" + CAMERA + "/motion", "OFF"), 2000,
          TimeUnit.MILLISECONDS);
    } else if (dice < 9) {
      battery = battery <= 12 ? 64 : battery - 13;
      publish("vigilar/sensors/" + WATER + "/battery", "{\"level\":" + battery + "}");
    } else {
      publish("vigilar/sensors/" + WATER + "/heartbeat", "1");
    }
  }

  private void publish(String topic, String payload) {
    try {
      client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    } catch (MqttException e) {
      log.debug("Demo house could not publish on {}: {}", topic, e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        client.disconnect(0).waitForCompletion(2000);
      }
      client.close(true);
    } catch (MqttException e) {
      log.debug("Demo house disconnect: {}", e.getMessage());
    }
  }
}
