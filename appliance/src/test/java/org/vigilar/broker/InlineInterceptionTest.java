package org.vigilar.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.InterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.config.MqttSettings;

/** Interceptors of a real Moquette server running on the threads that notify them. */
class InlineInterceptionTest {

  @TempDir
  Path dir;

  private Server server;
  private MqttClient client;

  @AfterEach
  void stop() throws MqttException {
    if (client != null) {
      if (client.isConnected()) {
        client.disconnect();
      }
      client.close();
    }
    if (server != null) {
      server.stopServer();
    }
  }

  /** Records each payload with the thread it arrived on; fails on the payload "fail". */
  private static final class Recorder extends AbstractInterceptHandler {

    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @Override
    public String getID() {
      return "recorder";
    }

    @Override
    public void onSessionLoopError(Throwable error) {
      seen.add("session loop error: " + error);
    }

    @Override
    public void onPublish(InterceptPublishMessage msg) {
      String payload;
      try {
        payload = new String(ByteBufUtil.getBytes(msg.getPayload()), StandardCharsets.UTF_8);
      } finally {
        super.onPublish(msg);
      }
      if (payload.equals("fail")) {
        throw new IllegalStateException("interceptor bug");
      }
      seen.add(payload + "@" + Thread.currentThread().getName());
    }
  }

  private int start(InterceptHandler handler) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    server = new Server();
    server.startServer(new MemoryConfig(EmbeddedBroker.moquetteProperties(
        MqttSettings.ephemeral(), dir, port, -1)), List.of(handler));
    return port;
  }

  private void publish(int port, String... payloads) throws MqttException {
    client = new MqttClient("tcp://127.0.0.1:" + port, "inline-test", new MemoryPersistence());
    client.connect();
    for (String payload : payloads) {
      client.publish("vigilar/sensors/door/state", payload.getBytes(StandardCharsets.UTF_8),
          1, false);
    }
  }

  @Test
  void publishesReachTheInterceptorOnMoquettesOwnThreadsInOrder() throws Exception {
    Recorder recorder = new Recorder();
    int port = start(recorder);

    assertTrue(InlineInterception.install(server));
    publish(port, "one", "two", "three");

    for (String expected : List.of("one", "two", "three")) {
      String seen = recorder.seen.poll(10, TimeUnit.SECONDS);
      assertTrue(seen != null && seen.startsWith(expected + "@"), "got " + seen);
      // Moquette's interceptor pool names its threads pool-N-thread-M.
      assertFalse(seen.contains("@pool-"), seen);
    }
  }

  @Test
  void aFailingInterceptorDoesNotStopTheMessagesAfterIt() throws Exception {
    Recorder recorder = new Recorder();
    int port = start(recorder);
    InlineInterception.install(server);

    publish(port, "fail", "after");

    String seen = recorder.seen.poll(10, TimeUnit.SECONDS);
    assertTrue(seen != null && seen.startsWith("after@"), "got " + seen);
    assertTrue(client.isConnected());
  }

  @Test
  void aServerThatNeverStartedKeepsRunningAsBefore() {
    assertFalse(InlineInterception.install(new Server()));
  }

  @Test
  void theReplacementRunsTasksAtOnceAndStopsCleanly() throws Exception {
    InlineInterception.CallerRuns executor = new InlineInterception.CallerRuns();
    StringBuilder ran = new StringBuilder();

    executor.execute(() -> ran.append(Thread.currentThread().getName()));
    executor.shutdown();

    assertEquals(Thread.currentThread().getName(), ran.toString());
    assertTrue(executor.isShutdown());
    assertTrue(executor.awaitTermination(1, TimeUnit.SECONDS));
  }
}
