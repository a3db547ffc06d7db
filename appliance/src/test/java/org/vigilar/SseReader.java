package org.vigilar;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.vigilar.security.WebGuard;

/** Follows {@code /events/stream} with a session and hands out its {@code data:} lines. */
final class SseReader implements AutoCloseable {

  private final BlockingQueue<String> data = new LinkedBlockingQueue<>();
  private final StringBuilder seen = new StringBuilder();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;

  SseReader(SecurityFixture fixture, String cookie) {
    HttpRequest request = fixture.request("/events/stream")
        .header("Cookie", WebGuard.COOKIE + "=" + cookie)
        .header("Accept", "text/event-stream")
        .GET()
        .build();
    response = fixture.http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    response.thenAccept(r -> {
      if (r.statusCode() != 200) {
        data.add("status " + r.statusCode());
        return;
      }
      Thread reader = new Thread(() -> {
        try (Stream<String> lines = r.body()) {
          lines.filter(line -> line.startsWith("data:")).forEach(data::add);
        } catch (RuntimeException e) {
          // The stream was closed by the test.
        }
      }, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    });
  }

  /** The next data line containing {@code marker}; earlier lines are kept in {@link #seen}. */
  String awaitData(String marker) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      String line = data.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.append(line).append('\n');
        if (line.contains(marker)) {
          return line;
        }
      }
    }
    fail("no SSE data with " + marker + "; saw:\n" + seen);
    return null;
  }

  String seen() {
    return seen.toString();
  }

  @Override
  public void close() {
    response.thenAccept(r -> r.body().close());
    response.cancel(true);
  }
}
