package org.vigilar.push;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** What may be shown of a push endpoint: its URL is a bearer secret, so only its host and id. */
final class Endpoints {

  private Endpoints() {
  }

  /**
   * The subscription id of an endpoint: base64url of the first 16 bytes of its SHA-256. A page
   * computes the same from its own subscription to find itself in the list.
   */
  static String idOf(String endpoint) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(endpoint.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The push service's host, such as {@code fcm.googleapis.com}; safe to log and show. */
  static String service(String endpoint) {
    try {
      String host = URI.create(endpoint).getHost();
      return host == null ? "unknown" : host;
    } catch (IllegalArgumentException e) {
      return "unknown";
    }
  }

  /** For log lines: the service and the id, never the secret path. */
  static String redacted(String endpoint) {
    return service(endpoint) + "/…" + idOf(endpoint);
  }
}
