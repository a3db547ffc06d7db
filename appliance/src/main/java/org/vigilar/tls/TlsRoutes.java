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
 * (the CA certificate to install on a phone). Both need no session: a phone needs them before
 * it can reach the HTTPS page, and neither says anything secret.
 */
public final class TlsRoutes implements Routes {

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
    routing.get("/api/tls", this::info);
    routing.get("/api/tls/ca.pem", this::caPem);
  }

  private void info(HttpServerExchange exchange) {
    int port = httpsPort.getAsInt();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("https_port", port > 0 ? port : null);
    body.put("ca_url", material != null && material.ca() != null ? "/api/tls/ca.pem" : null);
    body.put("ca_sha256", material == null ? null : material.caFingerprint());
    Json.send(exchange, 200, body);
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
