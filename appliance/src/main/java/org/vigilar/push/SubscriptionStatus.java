package org.vigilar.push;

import java.util.Locale;

/** How deliveries to a subscription are going. */
enum SubscriptionStatus {
  /** The last attempt was accepted (or none was made yet). */
  ACTIVE,
  /** The last attempt failed; alerts are retried until they expire. */
  FAILING,
  /** The push service answered 404 or 410: the browser unsubscribed; keys are erased. */
  GONE;

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static SubscriptionStatus fromWire(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
