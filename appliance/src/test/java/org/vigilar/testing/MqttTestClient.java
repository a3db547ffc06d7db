package org.vigilar.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.vigilar.Appliance;
import org.vigilar.security.InternalCredential;

/**
 * A device for tests: a real Paho client on the appliance's broker.
 *
 * <p>It connects with the appliance's internal credential, so tests keep working when
 * anonymous access is refused.
 */
public final class MqttTestClient implements AutoCloseable {

  private static final long WAIT_MS = 20_000;
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** One message of a burst. */
  public record Publication(String topic, String payload) {
  }

  private final MqttAsyncClient client;
  private final int maxInflight;

  private MqttTestClient(MqttAsyncClient client, int maxInflight) {
    this.client = client;
    this.maxInflight = maxInflight;
  }

  /** Connects to {@code appliance}'s broker with a fresh client id. */
  public static MqttTestClient connect(Appliance appliance) throws MqttException {
    return connect(appliance, 100);
  }

  /**
   * @param maxInflight QoS 1 publishes that may await their PUBACK at once
   */
  public static MqttTestClient connect(Appliance appliance, int maxInflight)
      throws MqttException {
    InternalCredential credential = appliance.internalCredential();
    MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + appliance.mqttPort(),
        "test-device-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID(),
        new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setMaxInflight(maxInflight);
    options.setConnectionTimeout(10);
    options.setUserName(credential.username());
    options.setPassword(credential.password());
    try {
      client.connect(options).waitForCompletion(WAIT_MS);
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
    return new MqttTestClient(client, maxInflight);
  }

  /** Publishes at QoS 1 and returns once the broker acknowledged it. */
  public void publish(String topic, String payload) throws MqttException {
    publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  /** Publishes and waits for the broker's acknowledgement (at QoS 0, for the send). */
  public void publish(String topic, byte[] payload, int qos, boolean retained)
      throws MqttException {
    publishAsync(topic, payload, qos, retained).waitForCompletion(WAIT_MS);
  }

  /**
   * Publishes every message at QoS 1 in order, keeping as many unacknowledged as the client
   * allows, and returns once all were acknowledged.
   */
  public void publishAll(List<Publication> messages) throws MqttException {
    Deque<IMqttDeliveryToken> window = new ArrayDeque<>();
    for (Publication p : messages) {
      publishInWindow(window, p.topic(), p.payload().getBytes(StandardCharsets.UTF_8), null);
    }
    for (IMqttDeliveryToken token : window) {
      token.waitForCompletion(WAIT_MS);
    }
  }

  /**
   * Publishes at QoS 1 without waiting for the acknowledgement, first waiting for the oldest
   * unacknowledged messages in {@code window} when the client allows no more.
   */
  public void publishInWindow(Deque<IMqttDeliveryToken> window, String topic, byte[] payload,
      IMqttActionListener listener) throws MqttException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    while (true) {
      if (window.size() >= maxInflight) {
        window.removeFirst().waitForCompletion(WAIT_MS);
      }
      try {
        window.addLast(publishAsync(topic, payload, 1, false, listener));
        return;
      } catch (MqttException e) {
        // Paho frees an in-flight slot on its callback thread shortly after the token
        // completes, so a full window can outlast the oldest token a little.
        if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT
            || System.nanoTime() - deadline > 0) {
          throw e;
        }
        if (!window.isEmpty()) {
          window.removeFirst().waitForCompletion(WAIT_MS);
        } else {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
      }
    }
  }

  public IMqttDeliveryToken publishAsync(String topic, byte[] payload, int qos,
      boolean retained) throws MqttException {
    return publishAsync(topic, payload, qos, retained, null);
  }

  /**
   * @param listener told on Paho's callback thread when the broker acknowledged the message
   *     (at QoS 1) or the publish failed; may be null
   */
  public IMqttDeliveryToken publishAsync(String topic, byte[] payload, int qos,
      boolean retained, IMqttActionListener listener) throws MqttException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(qos);
    message.setRetained(retained);
    return client.publish(topic, message, null, listener);
  }

  /** Subscribes at QoS 1; messages arriving on {@code filter} are added to {@code inbox}. */
  public void subscribe(String filter, BlockingQueue<MqttMessage> inbox) throws MqttException {
    client.subscribe(filter, 1, (topic, message) -> inbox.add(message))
        .waitForCompletion(WAIT_MS);
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  /** Disconnects and releases the client's threads; safe after the broker went away. */
  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(0).waitForCompletion(WAIT_MS);
      }
    } catch (MqttException e) {
      // The broker is gone; closing below still frees the client.
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      throw new IllegalStateException("cannot close MQTT test client", e);
    }
  }
}
