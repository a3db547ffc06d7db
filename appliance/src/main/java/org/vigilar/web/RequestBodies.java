package org.vigilar.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads JSON request bodies and path parameters for feature routes, answering 400 or 404. */
public final class RequestBodies {

  private RequestBodies() {
  }

  /**
   * The request body as a JSON object; the handler must run on a worker thread.
   *
   * @throws BadRequest 400 when the body is not a JSON object
   */
  public static JsonNode object(HttpServerExchange exchange) {
    JsonNode node;
    try (InputStream in = exchange.getInputStream()) {
      node = Json.MAPPER.readTree(in);
    } catch (JacksonException e) {
      throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a request body", e);
    }
    if (node == null || !node.isObject()) {
      throw new BadRequest("the body must be a JSON object");
    }
    return node;
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

  /**
   * The signed-in user, when an authentication layer set one on the exchange.
   *
   * @return the user's name, or {@code fallback}
   */
  public static String user(HttpServerExchange exchange, String fallback) {
    var context = exchange.getSecurityContext();
    if (context != null && context.getAuthenticatedAccount() != null) {
      return context.getAuthenticatedAccount().getPrincipal().getName();
    }
    return fallback;
  }
}
