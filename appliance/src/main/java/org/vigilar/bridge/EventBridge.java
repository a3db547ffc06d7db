package org.vigilar.bridge;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.classify.Topics;

/**
 * An ordinary MQTT client that follows {@code vigilar/events/published} and feeds a listener.
 *
 * <p>It works the same against the embedded broker or one on another machine. Paho retries
 * neither a failed first connect nor, with a clean session, the subscription after a reconnect,
 * so this class does both: it retries connecting with backoff and subscribes again after every
 * connect, without ever waiting on Paho from Paho's own callback thread.
 */
public final class EventBridge implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventBridge.class);
  private static final long MAX_RETRY_MS = 5_000;

  private final String serverUri;
  private final BridgeCredentials credentials;
  private final BridgeListener listener;
  private final ScheduledExecutorService retry;
  private MqttAsyncClient client;
  private volatile boolean closed;
  private volatile boolean live;
  private long retryDelayMs = 250;

  /**
   * @param serverUri such as {@code tcp://127.0.0.1:1883}
   */
  public EventBridge(String serverUri, BridgeCredentials credentials, BridgeListener listener) {
    this.serverUri = serverUri;
    this.credentials = credentials;
    this.listener = listener;
    this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vigilar-bridge-retry");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts connecting; returns at once. The listener hears {@code onLive(true)} when ready. */
  public synchronized void start() {
    try {
      client = new MqttAsyncClient(serverUri, "vigilar-bridge-" + UUID.randomUUID(),
          new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("bad MQTT server URI " + serverUri, e);
    }
    client.setCallback(new Callback());
    connect();
  }

  public boolean isLive() {
    return live;
  }

  private MqttConnectOptions options() {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay((int) MAX_RETRY_MS);
    options.setKeepAliveInterval(15);
    options.setConnectionTimeout(10);
    options.setMaxInflight(1000);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    if (credentials.username() != null) {
      options.setUserName(credentials.username());
      options.setPassword(credentials.password());
    }
    return options;
  }

  private synchronized void connect() {
    if (closed) {
      return;
    }
    try {
      client.connect(options(), null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          retryDelayMs = 250;
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          scheduleRetry(error);
        }
      });
    } catch (MqttException e) {
      scheduleRetry(e);
    }
  }

  private void scheduleRetry(Throwable error) {
    if (closed) {
      return;
    }
    log.debug("Bridge cannot connect to {} ({}); retrying in {} ms", serverUri,
        error.getMessage(), retryDelayMs);
    retry.schedule(this::connect, retryDelayMs, TimeUnit.MILLISECONDS);
    retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_MS);
  }

  private void subscribe() {
    try {
      // QoS 0: a message only says that events up to its id are stored; one lost on the way is
      // made up by the feed's poll, and Moquette's ten-message in-flight window for QoS 1
      // would otherwise cap the live stream's rate.
      client.subscribe(Topics.EVENTS_PUBLISHED, 0, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          int granted = token.getGrantedQos() == null ? 0 : token.getGrantedQos()[0];
          if (granted == 0x80) {
            log.error("Bridge subscription to {} refused by the broker", Topics.EVENTS_PUBLISHED);
            return;
          }
          setLive(true);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          log.warn("Bridge subscription to {} failed: {}", Topics.EVENTS_PUBLISHED,
              error.getMessage());
        }
      });
    } catch (MqttException e) {
      log.warn("Bridge cannot subscribe to {}: {}", Topics.EVENTS_PUBLISHED, e.getMessage());
    }
  }

  private void setLive(boolean value) {
    if (live != value) {
      live = value;
      log.info("Bridge to {} {}", serverUri, value ? "live" : "paused, reconnecting");
    }
    listener.onLive(value);
  }

  private final class Callback implements MqttCallbackExtended {

    @Override
    public void connectComplete(boolean reconnect, String uri) {
      // A clean session forgets subscriptions, so subscribe again after every connect.
      subscribe();
    }

    @Override
    public void connectionLost(Throwable cause) {
      setLive(false);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        listener.onEvent(new String(message.getPayload(), StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        // An exception here would make Paho drop the connection.
        log.warn("Bridge listener failed on a message from {}", topic, e);
      }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
      // The bridge never publishes.
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    retry.shutdownNow();
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        client.disconnect(0).waitForCompletion(2000);
      }
    } catch (MqttException e) {
      log.debug("Bridge disconnect: {}", e.getMessage());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      log.debug("Bridge close: {}", e.getMessage());
    }
    live = false;
  }
}
