package org.vigilar.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Reads a request's JSON object body in a blocking handler, with the contract's errors. */
public final class JsonBody {

  private JsonBody() {
  }

  /** True when the request says its body is JSON ({@code application/json}, any charset). */
  public static boolean isJson(HttpServerExchange exchange) {
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (type == null) {
      return false;
    }
    int semicolon = type.indexOf(';');
    String media = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
    return media.toLowerCase(Locale.ROOT).equals("application/json");
  }

  /**
   * The body as a JSON object; an empty body reads as an empty object.
   *
   * @throws BadRequest 415 without a JSON content type, 413 when larger than
   *     {@link WebServer#MAX_BODY_BYTES}, 400 when not a JSON object
   */
  public static JsonNode object(HttpServerExchange exchange) {
    if (!isJson(exchange)) {
      throw new BadRequest(415, "the body must be JSON (Content-Type: application/json)");
    }
    byte[] body;
    try {
      exchange.startBlocking();
      InputStream in = exchange.getInputStream();
      body = in.readNBytes((int) WebServer.MAX_BODY_BYTES + 1);
    } catch (RequestTooBigException e) {
      throw tooBig();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a request body", e);
    }
    if (body.length > WebServer.MAX_BODY_BYTES) {
      throw tooBig();
    }
    if (body.length == 0) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw new BadRequest("the body must be a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse a request body", e);
    }
  }

  /** A string field, or null when absent or null; 400 when of another type. */
  public static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new BadRequest(field + " must be a string");
    }
    return value.asText();
  }

  private static BadRequest tooBig() {
    return new BadRequest(413, "the request body is larger than " + WebServer.MAX_BODY_BYTES
        + " bytes");
  }
}
