package org.vigilar.push;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A push service in the test's hand: answers a chosen status, hangs without answering, or
 * forwards to another push service (the mock). Records every request it gets.
 */
public final class FakePushService implements AutoCloseable {

  /** One request as received. */
  public record Attempt(long nanoTime, String path, Map<String, List<String>> headers,
      int bodyLength) {

    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length",
      "connection", "upgrade", "http2-settings", "expect");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-push-service");
    t.setDaemon(true);
    return t;
  });
  private final CountDownLatch released = new CountDownLatch(1);
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<Attempt> arrivals = new LinkedBlockingQueue<>();
  private volatile int status = 201;
  private volatile String retryAfter;
  private volatile boolean hang;
  private volatile String forwardTo;

  public FakePushService() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** An endpoint URL on this service; the host is {@code localhost} as browsers' are names. */
  public String endpoint(String path) {
    return "http://localhost:" + server.getAddress().getPort() + path;
  }

  public FakePushService answer(int status, String retryAfter) {
    this.hang = false;
    this.forwardTo = null;
    this.status = status;
    this.retryAfter = retryAfter;
    return this;
  }

  public FakePushService hang() {
    this.hang = true;
    return this;
  }

  /** Forwards each request, path included, to {@code base} and relays its status. */
  public FakePushService forwardTo(String base) {
    this.hang = false;
    this.forwardTo = base;
    return this;
  }

  public List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  /** The next request received, waiting up to {@code timeout}; null if none came. */
  public Attempt nextAttempt(Duration timeout) throws InterruptedException {
    return arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void handle(HttpExchange exchange) throws IOException {
    // Read the behaviour before recording, so a test reacting to this attempt changes the next.
    boolean hangs = hang;
    int answer = status;
    String after = retryAfter;
    String target = forwardTo;
    byte[] body = exchange.getRequestBody().readAllBytes();
    Attempt attempt = new Attempt(System.nanoTime(), exchange.getRequestURI().getPath(),
        Map.copyOf(exchange.getRequestHeaders()), body.length);
    attempts.add(attempt);
    arrivals.add(attempt);
    try {
      if (hangs) {
        released.await();
        return;
      }
      if (target != null) {
        answer = forward(target + exchange.getRequestURI().getPath(), exchange, body);
      }
      if (after != null) {
        exchange.getResponseHeaders().add("Retry-After", after);
      }
      exchange.sendResponseHeaders(answer, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private int forward(String url, HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
