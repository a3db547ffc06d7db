package org.vigilar.push;

import java.time.Duration;
import java.util.Locale;

/**
 * What a push service did with one request.
 *
 * @param status the HTTP status, or 0 when no answer came
 * @param retryAfter what the service asked to wait, or null
 * @param elapsed from sending the request to the answer (or the failure)
 * @param reason a short text for the subscription's last error, such as {@code HTTP 503}
 */
record SendResult(Outcome outcome, int status, Duration retryAfter, Duration elapsed,
    String reason) {

  /** Outcomes; each is a label value in the metrics, so the set is fixed. */
  enum Outcome {
    /** 2xx: the push service took the message. */
    DELIVERED,
    /** 404 or 410: the subscription no longer exists. */
    GONE,
    /** Another 4xx: this message or our VAPID signature was refused; retrying will not help. */
    REJECTED,
    /** 429 or 5xx: the service asked us to come back later. */
    RETRY,
    /** No answer within the send timeout. */
    TIMEOUT,
    /** No connection, a reset, a TLS failure. */
    NETWORK_ERROR;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    boolean retryable() {
      return this == RETRY || this == TIMEOUT || this == NETWORK_ERROR;
    }
  }

  static Outcome classify(int status) {
    if (status >= 200 && status < 300) {
      return Outcome.DELIVERED;
    }
    if (status == 404 || status == 410) {
      return Outcome.GONE;
    }
    if (status == 429 || status >= 500) {
      return Outcome.RETRY;
    }
    return Outcome.REJECTED;
  }
}
