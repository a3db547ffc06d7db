package org.vigilar.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;

/** Headers that keep the app's pages from being framed, sniffed or fed foreign scripts. */
final class SecurityHeaders implements HttpHandler {

  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
      + "form-action 'self'; frame-ancestors 'none'";

  private final HttpHandler next;

  SecurityHeaders(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    HeaderMap headers = exchange.getResponseHeaders();
    headers.put(new HttpString("Content-Security-Policy"), CSP);
    headers.put(new HttpString("X-Content-Type-Options"), "nosniff");
    headers.put(new HttpString("X-Frame-Options"), "DENY");
    headers.put(new HttpString("Referrer-Policy"), "no-referrer");
    next.handleRequest(exchange);
  }
}
