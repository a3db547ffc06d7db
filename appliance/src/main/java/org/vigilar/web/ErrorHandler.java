package org.vigilar.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns exceptions from API handlers into the contract's JSON errors. */
final class ErrorHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

  private final HttpHandler next;

  ErrorHandler(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    try {
      next.handleRequest(exchange);
    } catch (BadRequest e) {
      // Undertow answers an over-long chunked body (413) itself before the handler hears of it.
      if (!exchange.isResponseStarted()) {
        Json.error(exchange, e.status(), e.getMessage());
      }
    } catch (Exception e) {
      log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), e);
      if (!exchange.isResponseStarted()) {
        Json.error(exchange, 500, "internal error; see the appliance log");
      }
    }
  }
}
