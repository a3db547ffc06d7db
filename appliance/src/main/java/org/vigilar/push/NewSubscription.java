package org.vigilar.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import org.vigilar.web.BadRequest;

/**
 * A subscription as a browser posts it ({@code PushSubscription.toJSON()} plus a label),
 * checked field by field. Error messages never repeat the endpoint or the keys.
 */
record NewSubscription(String endpoint, String p256dh, String auth, String label) {

  static final int MAX_ENDPOINT = 2048;
  static final int MAX_LABEL = 60;
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /**
   * @throws BadRequest naming the first missing or malformed field
   */
  static NewSubscription parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new BadRequest("body must be a JSON object with endpoint and keys");
    }
    String endpoint = text(body, "endpoint");
    checkEndpoint(endpoint);
    JsonNode keys = body.get("keys");
    if (keys == null || !keys.isObject()) {
      throw new BadRequest("keys must be an object with p256dh and auth");
    }
    String p256dh = text(keys, "p256dh");
    byte[] point = decode("keys.p256dh", p256dh);
    if (point.length != 65 || point[0] != 4 || !P256.isPoint(point)) {
      throw new BadRequest("keys.p256dh must be an uncompressed P-256 point (65 bytes)");
    }
    String auth = text(keys, "auth");
    if (decode("keys.auth", auth).length != 16) {
      throw new BadRequest("keys.auth must be 16 bytes");
    }
    return new NewSubscription(endpoint, canonical(point), canonical(decode("", auth)),
        label(body.get("label")));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new BadRequest(field + " is required and must be a string");
    }
    return value.asText().strip();
  }

  private static void checkEndpoint(String endpoint) {
    if (endpoint.length() > MAX_ENDPOINT) {
      throw new BadRequest("endpoint must be at most " + MAX_ENDPOINT + " characters");
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new BadRequest("endpoint must be a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new BadRequest("endpoint must be an absolute URL with a host");
    }
    boolean loopback = LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
      throw new BadRequest("endpoint must be an https URL");
    }
  }

  private static byte[] decode(String field, String text) {
    try {
      return Base64.getUrlDecoder().decode(text.replace('+', '-').replace('/', '_')
          .replace("=", ""));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(field + " must be base64url");
    }
  }

  private static String canonical(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String label(JsonNode node) {
    if (node == null || node.isNull()) {
      return "Browser";
    }
    if (!node.isTextual()) {
      throw new BadRequest("label must be a string");
    }
    String label = node.asText().replaceAll("\\p{Cntrl}", " ").strip();
    if (label.length() > MAX_LABEL) {
      throw new BadRequest("label must be at most " + MAX_LABEL + " characters");
    }
    return label.isEmpty() ? "Browser" : label;
  }

  @Override
  public String toString() {
    return "NewSubscription[" + Endpoints.redacted(endpoint) + ", label=" + label + ", keys=***]";
  }
}
