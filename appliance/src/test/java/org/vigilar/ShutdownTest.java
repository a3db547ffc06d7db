package org.vigilar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.testing.Await;
import org.vigilar.testing.MqttTestClient;
import org.vigilar.testing.StoredEvent;
import org.vigilar.testing.TestAppliance;

/** Stopping the appliance loses nothing it acknowledged. */
class ShutdownTest {

  private static final int WINDOW = 200;

  @TempDir
  Path dir;

  /** Publishes motion of ever new sources until the connection fails, noting each PUBACK. */
  private static final class Burst implements Runnable {

    private final MqttTestClient device;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread = new Thread(this, "shutdown-burst");
    private volatile boolean stopped;

    Burst(MqttTestClient device) {
      this.device = device;
    }

    @Override
    public void run() {
      Deque<IMqttDeliveryToken> window = new ArrayDeque<>();
      byte[] on = "on".getBytes(StandardCharsets.UTF_8);
      try {
        for (int i = 0; !stopped && failure.get() == null; i++) {
          String source = "burst-" + i;
          device.publishInWindow(window, "vigilar/sensors/" + source + "/motion", on,
              new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                  acknowledged.add(source);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                  failure.compareAndSet(null, error);
                }
              });
        }
      } catch (MqttException e) {
        failure.compareAndSet(null, e);
      }
    }
  }

  @Test
  void everyMessageAcknowledgedBeforeShutdownIsStoredAfterRestart() throws Exception {
    TestAppliance app = TestAppliance.start(dir);
    Set<String> acknowledgedBeforeClose;
    Burst burst;
    try (MqttTestClient device = MqttTestClient.connect(app.appliance(), WINDOW)) {
      burst = new Burst(device);
      burst.thread.start();
      try {
        Await.until("the burst to be under way", () -> burst.acknowledged.size() >= 1_000);
        acknowledgedBeforeClose = new HashSet<>(burst.acknowledged);
        app.close();
        Await.until("the burst to notice the broker is gone", () -> burst.failure.get() != null);
      } finally {
        burst.stopped = true;
        burst.thread.join(30_000);
      }
    } finally {
      app.close();
    }

    try (TestAppliance restarted = TestAppliance.start(dir)) {
      List<StoredEvent> stored = restarted.storedEvents();
      Set<String> sources = new HashSet<>();
      for (StoredEvent event : stored) {
        assertTrue(sources.add(event.sourceId()), "one event per source: " + event);
        assertEquals("motion", event.type());
      }
      Set<String> missing = new HashSet<>(acknowledgedBeforeClose);
      missing.removeAll(sources);
      assertTrue(missing.isEmpty(), () -> missing.size() + " acknowledged messages are not "
          + "stored, such as " + missing.stream().limit(5).toList());
      assertTrue(sources.containsAll(burst.acknowledged),
          "messages acknowledged while stopping are stored too");
      assertTrue(acknowledgedBeforeClose.size() >= 1_000);
    }
  }
}
