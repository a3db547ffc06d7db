package org.vigilar.web;

/** A client error; the message goes to the client as {@code {"error": "..."}}. */
public final class BadRequest extends RuntimeException {

  private final int status;

  public BadRequest(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public BadRequest(String message) {
    this(400, message);
  }

  public int status() {
    return status;
  }
}
