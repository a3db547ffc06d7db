package org.vigilar.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * A door that keeps opening and closing on its own thread, so that every message is an event:
 * the steady traffic of another household member while a test does something else.
 */
public final class Chatter implements AutoCloseable {

  private final MqttTestClient device;
  private final String topic;
  private final Thread thread;
  private final AtomicInteger published = new AtomicInteger();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean running = true;

  /** Starts publishing on {@code vigilar/sensors/{sourceId}/contact}. */
  public Chatter(MqttTestClient device, String sourceId) {
    this.device = device;
    this.topic = "vigilar/sensors/" + sourceId + "/contact";
    this.thread = new Thread(this::run, "chatter-" + sourceId);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    boolean open = true;
    while (running) {
      try {
        device.publish(topic, open ? "open" : "closed");
        published.incrementAndGet();
        open = !open;
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
          failure.set(e);
          return;
        }
        // Paho frees an in-flight slot just after it reports the acknowledgement; try again.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      } catch (RuntimeException e) {
        failure.set(e);
        return;
      }
    }
  }

  /** Messages acknowledged by the broker so far. */
  public int published() {
    return published.get();
  }

  /** Stops publishing and fails if any publish failed. */
  @Override
  public void close() throws Exception {
    running = false;
    thread.join(30_000);
    if (thread.isAlive()) {
      throw new AssertionError("chatter did not stop");
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
