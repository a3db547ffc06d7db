package org.vigilar.push;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.vigilar.metrics.Metrics;

/** The push feature's metrics; names and meanings are listed in docs/push.md. */
final class PushMetrics {

  static final String SENDS = "vigilar_push_sends_total";
  static final String SEND_SECONDS = "vigilar_push_send_seconds";
  static final String EVENTS = "vigilar_push_events_total";
  static final String QUEUED = "vigilar_push_alerts_queued_total";
  static final String EXPIRED = "vigilar_push_alerts_expired_total";
  static final String REMOVED = "vigilar_push_subscriptions_removed_total";
  static final String OVERFLOWS = "vigilar_push_handoff_overflows_total";
  static final String TEST_SECONDS = "vigilar_push_test_display_seconds";

  private static final double[] SEND_BOUNDS =
      {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  private static final double[] DISPLAY_BOUNDS =
      {0.25, 0.5, 1, 2, 5, 10, 30, 60};

  private final Metrics metrics;

  PushMetrics(Metrics metrics) {
    this.metrics = metrics;
    metrics.describe(SENDS, "Requests to push services, by outcome");
    metrics.describeHistogram(SEND_SECONDS,
        "Time from sending a push request to the push service's answer, by outcome",
        SEND_BOUNDS);
    metrics.describe(EVENTS, "Events the push rules looked at, by decision (push or skip)");
    metrics.describe(QUEUED, "Alerts put in the outbox, one per subscription");
    metrics.describe(EXPIRED, "Alerts dropped because their time to live ran out first");
    metrics.describe(REMOVED, "Subscriptions the push service reported gone (404 or 410)");
    metrics.describe(OVERFLOWS,
        "Events that found the push hand-off full and were read back from the store");
    metrics.describeHistogram(TEST_SECONDS,
        "Time from a test request to its display reported by the service worker",
        DISPLAY_BOUNDS);
  }

  void gauges(DoubleSupplier outbox, DoubleSupplier subscriptions, DoubleSupplier inFlight) {
    metrics.gauge("vigilar_push_outbox_depth", "Alerts waiting in the outbox", outbox);
    metrics.gauge("vigilar_push_subscriptions", "Subscriptions alerts go to (not gone)",
        subscriptions);
    metrics.gauge("vigilar_push_in_flight", "Push requests waiting for an answer", inFlight);
  }

  void sent(SendResult result) {
    String outcome = result.outcome().wireName();
    metrics.counter(SENDS, "outcome", outcome).increment();
    metrics.histogram(SEND_SECONDS, "outcome", outcome).observe(seconds(result.elapsed()));
  }

  void decided(boolean push) {
    metrics.counter(EVENTS, "decision", push ? "push" : "skip").increment();
  }

  void queued(int count) {
    metrics.counter(QUEUED).add(count);
  }

  void expired() {
    metrics.counter(EXPIRED).increment();
  }

  void removed() {
    metrics.counter(REMOVED).increment();
  }

  void overflow() {
    metrics.counter(OVERFLOWS).increment();
  }

  void displayed(Duration elapsed) {
    metrics.histogram(TEST_SECONDS, "", "").observe(seconds(elapsed));
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
