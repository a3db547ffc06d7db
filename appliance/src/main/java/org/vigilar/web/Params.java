package org.vigilar.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Deque;

/** Reads query and path parameters, answering 400 with the parameter's name when malformed. */
final class Params {

  private Params() {
  }

  static String text(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    String value = values == null ? null : values.peekFirst();
    return value == null || value.isBlank() ? null : value.strip();
  }

  static Long number(HttpServerExchange exchange, String name) {
    String value = text(exchange, name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new BadRequest(name + " must be a whole number, was '" + clip(value) + "'");
    }
  }

  static Instant time(HttpServerExchange exchange, String name) {
    String value = text(exchange, name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequest(name + " must be an ISO-8601 time such as 2026-12-03T12:00:00Z, was '"
          + clip(value) + "'");
    }
  }

  static long pathId(HttpServerExchange exchange) {
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    String value = match.getParameters().get("id");
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new BadRequest(404, "no event with id '" + clip(value) + "'");
    }
  }

  private static String clip(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "..." : value;
  }
}
