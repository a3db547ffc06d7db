package org.vigilar.push;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import nl.martijndwars.webpush.AbstractPushService;
import nl.martijndwars.webpush.Encoding;
import nl.martijndwars.webpush.Notification;
import org.jose4j.lang.JoseException;

/**
 * Encrypts (aes128gcm), signs (VAPID) and sends one message with the JDK's HTTP client.
 *
 * <p>The web-push library builds the request; its own senders have no timeout, so the request
 * is copied into a {@link HttpRequest} with one. Thread-safe: the library builds all per-call
 * state locally and the keys never change after construction.
 */
final class PushSender extends AbstractPushService<PushSender> {

  private static final Base64.Decoder B64 = Base64.getUrlDecoder();

  private final HttpClient http;
  private final Duration sendTimeout;
  private final Clock clock;

  PushSender(VapidKeys keys, String subject, PushTuning tuning, Clock clock) {
    super(keys.pair(), subject);
    this.http = HttpClient.newBuilder()
        .connectTimeout(tuning.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.sendTimeout = tuning.sendTimeout();
    this.clock = clock;
  }

  /**
   * Sends and waits for the answer, at most the send timeout. Never throws for what the
   * network or the push service does; only interruption ends it early.
   */
  SendResult send(Delivery delivery) throws InterruptedException {
    HttpRequest request;
    try {
      request = build(delivery);
    } catch (GeneralSecurityException | IOException | JoseException
        | IllegalArgumentException e) {
      // Bad keys stored for this subscription: no retry can fix that.
      return new SendResult(SendResult.Outcome.REJECTED, 0, null, Duration.ZERO,
          "cannot encrypt for this subscription: " + e.getClass().getSimpleName());
    }
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      int status = response.statusCode();
      Duration retryAfter = RetryAfter.parse(
          response.headers().firstValue("Retry-After").orElse(null), clock.instant());
      return new SendResult(SendResult.classify(status), status, retryAfter, elapsed,
          "HTTP " + status);
    } catch (HttpConnectTimeoutException e) {
      return failure(SendResult.Outcome.NETWORK_ERROR, start, "connect timeout");
    } catch (HttpTimeoutException e) {
      return failure(SendResult.Outcome.TIMEOUT, start, "no answer within "
          + sendTimeout.toMillis() + " ms");
    } catch (IOException e) {
      return failure(SendResult.Outcome.NETWORK_ERROR, start, e.getClass().getSimpleName());
    }
  }

  private static SendResult failure(SendResult.Outcome outcome, long start, String reason) {
    return new SendResult(outcome, 0, null, Duration.ofNanos(System.nanoTime() - start), reason);
  }

  private HttpRequest build(Delivery delivery)
      throws GeneralSecurityException, IOException, JoseException {
    Notification notification = Notification.builder()
        .endpoint(delivery.endpoint())
        .userPublicKey(B64.decode(delivery.p256dh()))
        .userAuth(B64.decode(delivery.auth()))
        .payload(delivery.payload().getBytes(StandardCharsets.UTF_8))
        .ttl(delivery.ttlSeconds())
        .urgency(delivery.urgency())
        .build();
    nl.martijndwars.webpush.HttpRequest prepared =
        prepareRequest(notification, Encoding.AES128GCM);
    URI uri = URI.create(prepared.getUrl());
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(sendTimeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(prepared.getBody()));
    if ("http".equals(uri.getScheme())) {
      // Plain HTTP is for local test services only; no h2c upgrade dance there.
      builder.version(HttpClient.Version.HTTP_1_1);
    }
    for (Map.Entry<String, String> header : prepared.getHeaders().entrySet()) {
      builder.header(header.getKey(), header.getValue());
    }
    return builder.build();
  }
}
