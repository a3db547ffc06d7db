package org.vigilar.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the appliance's HTTP API and reads JSON answers. */
public final class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: status and body (JSON, or null when the body was not JSON). */
  public record Answer(int status, JsonNode json, String text) {
  }

  private final String base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  /** A client of {@code appliance}'s API, signed in with an API token of its own. */
  public ApiClient(org.vigilar.Appliance appliance) {
    this.base = "http://127.0.0.1:" + appliance.httpPort();
    this.token = appliance.webAccess().tokens().add("push-tests-" + System.nanoTime()).reveal();
  }

  public Answer get(String path) {
    return send(builder(path).GET());
  }

  public Answer post(String path, String json) {
    return send(builder(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Answer put(String path, String json) {
    return send(builder(path).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Answer delete(String path, String json) {
    return send(builder(path).header("Content-Type", "application/json")
        .method("DELETE", HttpRequest.BodyPublishers.ofString(json)));
  }

  /** The {@code /metrics} text. */
  public String metrics() {
    return get("/metrics").text();
  }

  /** The value of one sample line of {@code /metrics}, or 0 when it is absent. */
  public double metric(String sample) {
    for (String line : metrics().split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1));
      }
    }
    return 0;
  }

  private HttpRequest.Builder builder(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token);
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = JSON.readTree(response.body());
      } catch (IOException e) {
        // Not JSON, such as /metrics.
      }
      return new Answer(response.statusCode(), json, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
