package org.vigilar.push;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A device publishing sensor states over real MQTT (anonymous, as ephemeral settings allow). */
public final class Sensors implements AutoCloseable {

  private final MqttClient client;

  public Sensors(int mqttPort) throws MqttException {
    client = new MqttClient("tcp://127.0.0.1:" + mqttPort, "push-test-" + UUID.randomUUID(),
        new MemoryPersistence());
    client.setTimeToWait(10_000);
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setConnectionTimeout(10);
    client.connect(options);
  }

  /** Publishes {@code state} on {@code vigilar/sensors/{source}/{kind}}, QoS 1. */
  public void publish(String source, String kind, String state) throws MqttException {
    client.publish("vigilar/sensors/" + source + "/" + kind,
        state.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect(2_000);
    }
    client.close();
  }
}
