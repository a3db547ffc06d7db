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
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import nl.martijndwars.webpush.AbstractPushService;
import nl.martijndwars.webpush.Encoding;
import nl.martijndwars.webpush.Notification;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jose4j.lang.JoseException;

/**
 * Encrypts (aes128gcm), signs (VAPID) and sends one message with the JDK's HTTP client.
 *
 * <p>The web-push library builds the request; its own senders have no timeout, so the request
 * is copied into a {@link HttpRequest} with one. The library needs BouncyCastle, about 5 MB
 * of memory and half a second to register, so it and the HTTP client are set up at the first
 * send: a box with no phone subscribed never pays for them. Thread-safe: the library builds
 * all per-call state locally and the keys never change.
 */
final class PushSender {

  private static final Base64.Decoder B64 = Base64.getUrlDecoder();

  private final VapidKeys keys;
  private final String subject;
  private final Duration connectTimeout;
  private final Duration sendTimeout;
  private final Clock clock;
  private volatile Sending sending;

  PushSender(VapidKeys keys, String subject, PushTuning tuning, Clock clock) {
    this.keys = keys;
    this.subject = subject;
    this.connectTimeout = tuning.connectTimeout();
    this.sendTimeout = tuning.sendTimeout();
    this.clock = clock;
  }

  /**
   * Sends and waits for the answer, at most the send timeout. Never throws for what the
   * network or the push service does; only interruption ends it early.
   */
  SendResult send(Delivery delivery) throws InterruptedException {
    Sending ready;
    try {
      ready = sending();
    } catch (GeneralSecurityException | RuntimeException e) {
      // Nothing about this message is wrong: keep it and try again later.
      return failure(SendResult.Outcome.NETWORK_ERROR, System.nanoTime(),
          "cannot set up encryption: " + e.getClass().getSimpleName());
    }
    HttpRequest request;
    try {
      request = build(ready.encrypter(), delivery);
    } catch (GeneralSecurityException | IOException | JoseException
        | IllegalArgumentException e) {
      // Bad keys stored for this subscription: no retry can fix that.
      return new SendResult(SendResult.Outcome.REJECTED, 0, null, Duration.ZERO,
          "cannot encrypt for this subscription: " + e.getClass().getSimpleName());
    }
    long start = System.nanoTime();
    try {
      HttpResponse<String> response =
          ready.http().send(request, HttpResponse.BodyHandlers.ofString());
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

  private Sending sending() throws GeneralSecurityException {
    Sending current = sending;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (sending == null) {
        CryptoProvider.install();
        HttpClient http = HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
        sending = new Sending(new Encrypter(inProvider(keys.pair()), subject), http);
      }
      return sending;
    }
  }

  /** The library casts the VAPID public key to BouncyCastle's type, so it gets that type. */
  private static KeyPair inProvider(KeyPair pair) throws GeneralSecurityException {
    KeyFactory factory = KeyFactory.getInstance("EC", BouncyCastleProvider.PROVIDER_NAME);
    return new KeyPair(
        factory.generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded())),
        factory.generatePrivate(new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded())));
  }

  private HttpRequest build(Encrypter encrypter, Delivery delivery)
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
        encrypter.prepare(notification);
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

  private record Sending(Encrypter encrypter, HttpClient http) {
  }

  /** Opens the library's request building, which it keeps protected. */
  private static final class Encrypter extends AbstractPushService<Encrypter> {

    Encrypter(KeyPair keys, String subject) throws GeneralSecurityException {
      super(keys, subject);
    }

    nl.martijndwars.webpush.HttpRequest prepare(Notification notification)
        throws GeneralSecurityException, IOException, JoseException {
      return prepareRequest(notification, Encoding.AES128GCM);
    }
  }
}
