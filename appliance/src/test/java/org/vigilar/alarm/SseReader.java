package org.vigilar.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Follows {@code /events/stream} on a thread of its own and keeps every event summary it
 * received, so a test can wait for one without sleeping.
 */
final class SseReader implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpURLConnection connection;
  private final Thread reader;
  private final List<JsonNode> events = new ArrayList<>();
  private boolean connected;
  private boolean ended;

  private SseReader(HttpURLConnection connection) {
    this.connection = connection;
    this.reader = new Thread(this::read, "test-sse-reader");
    reader.setDaemon(true);
  }

  /** Opens the stream with an API token and waits for its {@code connected} message. */
  static SseReader open(int httpPort, String token) throws IOException, InterruptedException {
    URL url = new URL("http://127.0.0.1:" + httpPort + "/events/stream");
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setRequestProperty("Accept", "text/event-stream");
    connection.setRequestProperty("Authorization", "Bearer " + token);
    connection.setReadTimeout(0);
    SseReader sse = new SseReader(connection);
    sse.reader.start();
    synchronized (sse) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!sse.connected && !sse.ended) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("SSE stream did not say connected within 10 s");
        }
        sse.wait(Math.max(1, left / 1_000_000));
      }
    }
    return sse;
  }

  /** Waits for the first event (of all received so far or later) that matches. */
  synchronized JsonNode await(String what, Predicate<JsonNode> matcher, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (JsonNode event : events) {
        if (matcher.test(event)) {
          return event;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || ended) {
        throw new AssertionError("no " + what + " on the stream within " + timeout.toMillis()
            + " ms; received " + summary());
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  JsonNode await(String type, Duration timeout) throws InterruptedException {
    return await(type, ofType(type), timeout);
  }

  /** Waits for an {@code alarm_state} event entering {@code state}. */
  JsonNode awaitState(String state, Duration timeout) throws InterruptedException {
    return await("alarm_state " + state, e -> e.path("type").asText().equals("alarm_state")
        && e.path("payload").path("state").asText().equals(state), timeout);
  }

  synchronized List<JsonNode> events() {
    return List.copyOf(events);
  }

  static Predicate<JsonNode> ofType(String type) {
    return e -> e.path("type").asText().equals(type);
  }

  private synchronized String summary() {
    List<String> list = new ArrayList<>();
    for (JsonNode e : events) {
      list.add(e.path("id").asText() + ":" + e.path("type").asText() + "/"
          + e.path("source_id").asText() + e.path("payload").path("state").asText(""));
    }
    return list.toString();
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
      String event = null;
      StringBuilder data = new StringBuilder();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isEmpty()) {
          dispatch(event, data.toString());
          event = null;
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        }
      }
    } catch (IOException e) {
      // The stream ends when the test closes it or the appliance stops.
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  private synchronized void dispatch(String event, String data) throws IOException {
    if (event != null || data.isEmpty()) {
      return;
    }
    JsonNode node = JSON.readTree(data);
    if (node.path("type").asText().equals("connected")) {
      connected = true;
    } else {
      events.add(node);
    }
    notifyAll();
  }

  @Override
  public void close() throws InterruptedException {
    connection.disconnect();
    reader.join(5000);
  }
}
