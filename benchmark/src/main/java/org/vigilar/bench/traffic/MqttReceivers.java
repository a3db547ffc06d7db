package org.vigilar.bench.traffic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.vigilar.bench.report.ClientResult;

/**
 * Subscribers on a bare broker: the receiving end of a broker-only step, standing where the
 * browsers stand in a full-pipeline step. They subscribe at QoS 0 by default, as the
 * appliance's bridge does; at QoS 1 Moquette's in-flight window of ten messages per subscriber
 * caps what one subscriber can receive.
 */
public final class MqttReceivers implements Receivers {

  /**
   * @param lanes publishers in the step: each one's messages must arrive in order
   * @param qos the subscriptions' QoS, 0 or 1
   */
  public record Options(String serverUri, int subscribers, int lanes, Credentials credentials,
      int qos) {

    public Options {
      if (subscribers < 1 || lanes < 1) {
        throw new IllegalArgumentException("need at least one subscriber and one lane, had "
            + subscribers + " and " + lanes);
      }
    }
  }

  /** A busy broker may drop a connect now and then; more failures mean it is down. */
  private static final int CONNECT_ATTEMPTS = 3;

  private final Options options;
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

  public MqttReceivers(Options options, BenchPayload payload, Epoch epoch) {
    this.options = options;
    for (int i = 0; i < options.subscribers(); i++) {
      subscribers.add(new Subscriber(i, payload, epoch));
    }
  }

  @Override
  public int count() {
    return subscribers.size();
  }

  @Override
  public void connect(Duration timeout) throws InterruptedException {
    for (Subscriber s : subscribers) {
      for (int attempt = 1; ; attempt++) {
        try {
          s.connect(timeout);
          break;
        } catch (MqttException e) {
          s.close();
          if (attempt == CONNECT_ATTEMPTS) {
            throw new IllegalStateException("subscriber " + s.index + " cannot connect to "
                + options.serverUri() + " (" + attempt + " attempts): " + e, e);
          }
          errors.add("subscriber " + s.index + " connect attempt " + attempt + " failed: " + e);
          TimeUnit.SECONDS.sleep(1);
        }
      }
    }
  }

  @Override
  public void window(Window window) {
    subscribers.forEach(s -> s.tally.window(window));
  }

  @Override
  public boolean received(long perClient) {
    for (Subscriber s : subscribers) {
      if (s.tally.received() < perClient) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long arrivals() {
    long total = 0;
    for (Subscriber s : subscribers) {
      total += s.tally.arrivals();
    }
    return total;
  }

  @Override
  public Outcome finish(BitSet expected) {
    close();
    Histogram latency = Latencies.histogram();
    List<ClientResult> clients = new ArrayList<>();
    for (Subscriber s : subscribers) {
      synchronized (s) {
        latency.add(s.latency);
        clients.add(s.tally.result(expected));
      }
    }
    return new Outcome(clients, latency, List.copyOf(errors));
  }

  @Override
  public void close() {
    subscribers.forEach(Subscriber::close);
  }

  /** One subscriber; its tally and histogram are guarded by its monitor. */
  private final class Subscriber implements MqttCallback {

    private final int index;
    private final BenchPayload payload;
    private final Epoch epoch;
    private final BenchPayload.Fields fields = new BenchPayload.Fields();
    private final Histogram latency = Latencies.histogram();
    private final Tally tally;
    private MqttAsyncClient client;

    Subscriber(int index, BenchPayload payload, Epoch epoch) {
      this.index = index;
      this.payload = payload;
      this.epoch = epoch;
      this.tally = new Tally(index, latency, options.lanes());
    }

    void connect(Duration timeout) throws MqttException {
      client = new MqttAsyncClient(options.serverUri(),
          "bench-sub-" + payload.tag() + "-" + index, new MemoryPersistence());
      client.setCallback(this);
      MqttConnectOptions connect = new MqttConnectOptions();
      connect.setCleanSession(true);
      connect.setKeepAliveInterval(30);
      connect.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
      connect.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.credentials().apply(connect);
      client.connect(connect).waitForCompletion(timeout.toMillis());
      IMqttToken sub = client.subscribe(BenchPayload.TOPIC_FILTER, options.qos());
      sub.waitForCompletion(timeout.toMillis());
      int granted = sub.getGrantedQos() == null ? options.qos() : sub.getGrantedQos()[0];
      if (granted != options.qos()) {
        throw new MqttException(new IllegalStateException("subscription granted QoS "
            + granted + " instead of " + options.qos()));
      }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      long now = epoch.nanos();
      byte[] body = message.getPayload();
      synchronized (this) {
        if (payload.read(body, 0, body.length, fields)) {
          tally.record(fields.seq(), fields.sendNanos(), fields.seq(),
              (int) (fields.seq() % options.lanes()), now);
        }
      }
    }

    @Override
    public void connectionLost(Throwable cause) {
      synchronized (this) {
        tally.disconnected();
      }
      errors.add("subscriber " + index + " lost its connection: " + cause);
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
      // Subscribers never publish.
    }

    void close() {
      if (client == null) {
        return;
      }
      try {
        if (client.isConnected()) {
          client.disconnect(0).waitForCompletion(5000);
        }
        client.close(true);
      } catch (MqttException e) {
        errors.add("subscriber " + index + " did not close cleanly: " + e);
      }
      client = null;
    }
  }
}
