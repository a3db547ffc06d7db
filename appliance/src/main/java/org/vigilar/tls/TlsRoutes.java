package org.vigilar.tls;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.vigilar.web.BadRequest;
import org.vigilar.web.Json;
import org.vigilar.web.Routes;

/**
 * {@code GET /api/tls} (where HTTPS is and which CA to trust) and {@code GET /api/tls/ca.pem}
 * (the CA certificate to install on a phone).
 *
 * <p>The certificate needs no session: a phone needs it before it can reach the HTTPS page,
 * and it says nothing secret. {@code /api/tls} needs one like every other API route; the
 * sign-in page gets the same facts from {@code GET /api/login} through {@link #facts()}.
 */
public final class TlsRoutes implements Routes {

  public static final String CA_URL = "/api/tls/ca.pem";

  private final TlsMaterial material;
  private final IntSupplier httpsPort;

  /**
   * @param material null when TLS is off
   * @param httpsPort the bound HTTPS port, -1 when off
   */
  public TlsRoutes(TlsMaterial material, IntSupplier httpsPort) {
    this.material = material;
    this.httpsPort = httpsPort;
  }

  @Override
  public void register(RoutingHandler routing) {
    routing.get("/api/tls", exchange -> Json.send(exchange, 200, facts()));
    routing.get(CA_URL, this::caPem);
  }

  /**
   * Where HTTPS is and which CA to trust, read now: {@code https_port} (null without HTTPS),
   * {@code ca_url} (null without a CA to hand out) and {@code ca_sha256} (the CA's fingerprint,
   * null without TLS).
   */
  public Map<String, Object> facts() {
    int port = httpsPort.getAsInt();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("https_port", port > 0 ? port : null);
    body.put("ca_url", material != null && material.ca() != null ? CA_URL : null);
    body.put("ca_sha256", material == null ? null : material.caFingerprint());
    return body;
  }

  private void caPem(HttpServerExchange exchange) {
    String pem = material == null ? null : material.caPem();
    if (pem == null) {
      throw new BadRequest(404, "this appliance has no CA certificate to hand out");
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/x-x509-ca-cert");
    exchange.getResponseHeaders().put(Headers.CONTENT_DISPOSITION,
        "attachment; filename=\"vigilar-ca.pem\"");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
    exchange.getResponseSender().send(pem);
  }
}
