package org.vigilar.metrics;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HistogramTest {

  @Test
  void rendersCumulativeBucketsSumAndCountPerLabel() {
    Metrics metrics = new Metrics();
    metrics.describeHistogram("x_seconds", "Test durations", 0.1, 1);
    metrics.histogram("x_seconds", "outcome", "ok").observe(0.05);
    metrics.histogram("x_seconds", "outcome", "ok").observe(0.1);
    metrics.histogram("x_seconds", "outcome", "ok").observe(0.5);
    metrics.histogram("x_seconds", "outcome", "ok").observe(7);

    String text = metrics.render();

    assertTrue(text.contains("# HELP x_seconds Test durations\n# TYPE x_seconds histogram\n"),
        text);
    assertTrue(text.contains("x_seconds_bucket{outcome=\"ok\",le=\"0.1\"} 2\n"), text);
    assertTrue(text.contains("x_seconds_bucket{outcome=\"ok\",le=\"1\"} 3\n"), text);
    assertTrue(text.contains("x_seconds_bucket{outcome=\"ok\",le=\"+Inf\"} 4\n"), text);
    assertTrue(text.contains("x_seconds_sum{outcome=\"ok\"} 7.65\n"), text);
    assertTrue(text.contains("x_seconds_count{outcome=\"ok\"} 4\n"), text);
  }

  @Test
  void rendersWithoutLabels() {
    Metrics metrics = new Metrics();
    metrics.describeHistogram("y_seconds", "Plain", 1);
    metrics.histogram("y_seconds", "", "").observe(2);

    String text = metrics.render();

    assertTrue(text.contains("y_seconds_bucket{le=\"1\"} 0\n"), text);
    assertTrue(text.contains("y_seconds_bucket{le=\"+Inf\"} 1\n"), text);
    assertTrue(text.contains("y_seconds_count 1\n"), text);
  }

  @Test
  void refusesUndeclaredFamiliesAndUnorderedBounds() {
    Metrics metrics = new Metrics();
    assertThrows(IllegalStateException.class, () -> metrics.histogram("z_seconds", "", ""));
    assertThrows(IllegalArgumentException.class,
        () -> metrics.describeHistogram("z_seconds", "Bad", 1, 1));
  }
}
