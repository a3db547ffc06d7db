package org.vigilar.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Follows {@code /events/stream} and notes when each event id arrives. */
public final class SseRecorder implements AutoCloseable {

  /** An event id and the {@link System#nanoTime()} it arrived at. */
  public record Arrival(long id, long nanoTime) {
  }

  private final LinkedBlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
  private final CountDownLatch live = new CountDownLatch(1);
  private final CompletableFuture<HttpResponse<Stream<String>>> response;
  private volatile Stream<String> lines;

  public SseRecorder(org.vigilar.Appliance appliance) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String token = appliance.webAccess().tokens().add("sse-tests-" + System.nanoTime()).reveal();
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + appliance.httpPort() + "/events/stream"))
        .header("Authorization", "Bearer " + token).GET().build();
    response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    Thread reader = new Thread(() -> {
      try {
        lines = response.join().body();
        lines.forEach(line -> {
          if (line.startsWith("data:") && line.contains("\"live\":true")) {
            live.countDown();
          }
          if (line.startsWith("id:")) {
            arrivals.add(new Arrival(Long.parseLong(line.substring(3).strip()),
                System.nanoTime()));
          }
        });
      } catch (RuntimeException e) {
        // The stream was closed.
      }
    }, "sse-recorder");
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits until the stream is connected and the appliance's bridge feeds it live events. */
  public boolean awaitLive(Duration timeout) throws InterruptedException {
    return live.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next event to arrive, waiting up to {@code timeout}; null if none did. */
  public Arrival next(Duration timeout) throws InterruptedException {
    return arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    Stream<String> open = lines;
    if (open != null) {
      open.close();
    }
    response.cancel(true);
  }
}
