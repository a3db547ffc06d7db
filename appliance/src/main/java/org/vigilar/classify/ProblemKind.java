package org.vigilar.classify;

import java.util.Locale;

/** Why an incoming message made no event; each kind has its own counter. */
public enum ProblemKind {
  UNKNOWN_TOPIC, BAD_TOPIC, UNKNOWN_KIND, OVERSIZED, BINARY_PAYLOAD, MALFORMED_JSON, BAD_STATE,
  BAD_SNAPSHOT, QUEUE_FULL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
