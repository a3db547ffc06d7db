package org.vigilar.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON responses, including the contract's error shape {@code {"error": "..."}}. */
public final class Json {

  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();
  static final String CONTENT_TYPE = "application/json; charset=UTF-8";

  private Json() {
  }

  public static void send(HttpServerExchange exchange, int status, Object body) {
    try {
      sendRaw(exchange, status, MAPPER.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise a response", e);
    }
  }

  public static void sendRaw(HttpServerExchange exchange, int status, String json) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(json);
  }

  public static void error(HttpServerExchange exchange, int status, String message) {
    send(exchange, status, Map.of("error", message));
  }
}
