package org.vigilar.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;

/** Reads JSON request bodies and path parameters for feature routes, answering 4xx. */
public final class RequestBodies {

  private RequestBodies() {
  }

  /**
   * The request body as a JSON object; the handler must run on a worker thread.
   *
   * @throws BadRequest as {@link JsonBody#object}: 415, 413 or 400
   */
  public static JsonNode object(HttpServerExchange exchange) {
    return JsonBody.object(exchange);
  }

  /** A parameter of the route's path template, such as {@code id} in {@code /x/{id}}. */
  public static String pathParameter(HttpServerExchange exchange, String name) {
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    String value = match == null ? null : match.getParameters().get(name);
    if (value == null) {
      throw new BadRequest(404, "missing path parameter " + name);
    }
    return value;
  }
}
