package org.vigilar.push;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The npm package web-push-testing as a child process: a real mock push service that issues
 * subscriptions, checks VAPID and decrypts what it receives. Tests that need it are skipped
 * when Node or the package (installed by the build from src/test/push-mock) is missing.
 */
public final class PushMock implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path HOME = Path.of("src/test/push-mock");
  private static final Path SERVER =
      HOME.resolve("node_modules/web-push-testing/src/bin/server.js");

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private PushMock(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the mock on a free port and waits for its "Server running" line. */
  public static PushMock start() throws IOException, InterruptedException {
    assumeTrue(Files.exists(SERVER), "web-push-testing is not installed in " + HOME
        + " (needs npm); skipping");
    assumeTrue(onPath("node"), "node is not on the PATH; skipping");
    int port = freePort();
    Process process = new ProcessBuilder("node", SERVER.toString(), Integer.toString(port))
        .redirectErrorStream(true)
        .start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.contains("Server running on port " + port)) {
            ready.complete(true);
          }
        }
      } catch (IOException e) {
        // The process ended.
      }
      ready.complete(false);
    }, "push-mock-output");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!ready.get(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("web-push-testing exited before it was ready");
      }
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("web-push-testing did not start on port " + port, e);
    }
    return new PushMock(process, port);
  }

  public int port() {
    return port;
  }

  /**
   * A new subscription for {@code applicationServerKey}: the browser's
   * {@code PushSubscription} JSON plus {@code clientHash}.
   */
  public JsonNode subscribe(String applicationServerKey) {
    JsonNode answer = post("/subscribe", "{\"applicationServerKey\":\"" + applicationServerKey
        + "\",\"userVisibleOnly\":\"true\"}");
    return answer.get("data");
  }

  /** The decrypted payloads the mock accepted for a subscription, oldest first. */
  public List<String> notifications(String clientHash) {
    JsonNode answer = post("/get-notifications", "{\"clientHash\":\"" + clientHash + "\"}");
    List<String> messages = new ArrayList<>();
    answer.path("data").path("messages").forEach(m -> messages.add(m.asText()));
    return messages;
  }

  /** Makes later notifications to this subscription answer 410. */
  public void expire(String clientHash) {
    send("/expire-subscription/" + clientHash, "");
  }

  private JsonNode post(String path, String body) {
    try {
      return JSON.readTree(send(path, body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String send(String path, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
            + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
