package org.vigilar.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.testing.LogCapture;
import org.vigilar.testing.MqttTestClient;
import org.vigilar.testing.MqttTestClient.Publication;
import org.vigilar.testing.SseTestClient;
import org.vigilar.testing.TestAppliance;

/** Heavy traffic: a browser that stops reading, and the network buffers under load. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientTest {

  private static final String SLOW_DISCONNECTS = "vigilar_sse_slow_disconnects_total";

  private TestAppliance app;
  private int batch;

  @BeforeAll
  void start(@TempDir Path dir) {
    app = TestAppliance.start(dir);
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  /** Publishes {@code count} events (distinct sources) and returns the last one's source. */
  private String publishEvents(MqttTestClient device, int count) throws Exception {
    return publishEvents(device, count, "on");
  }

  /** Like {@link #publishEvents(MqttTestClient, int)}, each event carrying {@code payload}. */
  private String publishEvents(MqttTestClient device, int count, String payload)
      throws Exception {
    int round = batch++;
    List<Publication> burst = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      burst.add(new Publication("vigilar/sensors/b" + round + "-" + i + "/motion", payload));
    }
    device.publishAll(burst);
    return "b" + round + "-" + (count - 1);
  }

  /**
   * Opens an SSE stream, reads up to its connected message (so it is known to be registered)
   * and never reads again.
   */
  private Socket stuckClient() throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(1024);
    socket.connect(new InetSocketAddress("127.0.0.1", app.httpPort()), 10_000);
    socket.setSoTimeout(20_000);
    socket.getOutputStream().write(("GET /events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Authorization: " + app.authHeaders().get("Authorization") + "\r\n"
        + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    byte[] marker = "{\"type\":\"connected\"}".getBytes(StandardCharsets.US_ASCII);
    InputStream in = socket.getInputStream();
    int matched = 0;
    while (matched < marker.length) {
      int b = in.read();
      if (b == -1) {
        throw new IOException("stream ended before the connected message");
      }
      matched = b == marker[matched] ? matched + 1 : (b == marker[0] ? 1 : 0);
    }
    return socket;
  }

  @Test
  void clientThatNeverReadsDoesNotDelayOthersAndIsDisconnected() throws Exception {
    long disconnectsBefore = app.counter(SLOW_DISCONNECTS);
    try (Socket stuck = stuckClient();
        SseTestClient reader = app.sse();
        MqttTestClient device = MqttTestClient.connect(app.appliance(), 200)) {
      reader.awaitMessages(1);

      // While the stuck client is still connected, the reader gets every event at once.
      String last = publishEvents(device, 500);
      long lastId = app.awaitStored(last, "motion").id();
      long firstId = app.awaitStored(last.replaceAll("-\\d+$", "-0"), "motion").id();
      reader.awaitEventId(lastId);
      assertEquals(disconnectsBefore, app.counter(SLOW_DISCONNECTS), "not yet disconnected");

      // Its backlog grows until it passes the limit, then it is cut off and counted. Large
      // events fill the socket buffers sooner, so the limit itself is reached quickly.
      String large = "{\"state\":\"on\",\"note\":\"" + "x".repeat(8_000) + "\"}";
      for (int round = 0; round < 20 && app.counter(SLOW_DISCONNECTS) == disconnectsBefore;
          round++) {
        last = publishEvents(device, 500, large);
        lastId = app.awaitStored(last, "motion").id();
        reader.awaitEventId(lastId);
      }
      assertEquals(disconnectsBefore + 1, app.counter(SLOW_DISCONNECTS));
      assertEquals(app.storedEvents().stream().map(e -> e.id()).filter(id -> id >= firstId)
          .toList(), reader.eventIds(), "the reader got every event, in order");
      assertDropped(stuck);
    }
  }

  /**
   * Expects the server to have dropped the connection rather than waiting to deliver its
   * backlog: once the client speaks or reads, it meets a reset or the end of the stream
   * after at most what its own small receive buffer held.
   */
  private static void assertDropped(Socket socket) throws IOException {
    socket.setSoTimeout(20_000);
    long received = 0;
    try {
      socket.getOutputStream().write('\n');
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) != -1) {
        received += n;
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the stuck stream is still open after " + received + " bytes",
          e);
    } catch (IOException e) {
      // A reset: the server closed the socket with data unsent.
    }
    assertTrue(received < 256 * 1024, "the server kept " + received + " bytes for the stuck "
        + "client instead of dropping it");
  }

  @Test
  void thousandsOfMessagesLeakNoNettyBuffer() throws Exception {
    assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel(),
        "surefire runs with -Dio.netty.leakDetection.level=paranoid");
    try (LogCapture leaks = LogCapture.of("io.netty.util.ResourceLeakDetector");
        SseTestClient reader = app.sse();
        MqttTestClient device = MqttTestClient.connect(app.appliance(), 200)) {
      reader.awaitMessages(1);
      for (int round = 0; round < 3; round++) {
        String last = publishEvents(device, 1_000);
        List<Publication> bad = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          bad.add(new Publication("vigilar/sensors/leak-" + i + "/motion", "{\"state\":"));
          bad.add(new Publication("vigilar/sensors/leak-" + i + "/laser", "on"));
        }
        device.publishAll(bad);
        reader.awaitEventId(app.awaitStored(last, "motion").id());
        // Leaks are reported when a lost buffer is collected and the next one is allocated.
        System.gc();
      }
      String last = publishEvents(device, 200);
      reader.awaitEventId(app.awaitStored(last, "motion").id());
      List<String> lines = leaks.messages().stream().filter(m -> m.contains("LEAK")).toList();
      assertTrue(lines.isEmpty(), () -> String.join("\n", lines));
    }
  }
}
