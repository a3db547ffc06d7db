package org.vigilar.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private final Metrics metrics = new Metrics();

  @Test
  void describedCounterIsExportedAsZeroBeforeItsFirstIncrement() {
    metrics.describe("vigilar_things_total", "Things seen");
    assertEquals("""
        # HELP vigilar_things_total Things seen
        # TYPE vigilar_things_total counter
        vigilar_things_total 0
        """, metrics.render());
  }

  @Test
  void labelledCountersAreRenderedSortedUnderOneHeader() {
    metrics.describe("vigilar_problems_total", "Problems");
    metrics.counter("vigilar_problems_total", "kind", "oversized").add(2);
    metrics.counter("vigilar_problems_total", "kind", "bad_topic").increment();
    assertEquals("""
        # HELP vigilar_problems_total Problems
        # TYPE vigilar_problems_total counter
        vigilar_problems_total{kind="bad_topic"} 1
        vigilar_problems_total{kind="oversized"} 2
        """, metrics.render());
  }

  @Test
  void undescribedCounterHasATypeButNoHelp() {
    metrics.counter("vigilar_plain_total").add(3);
    assertEquals("""
        # TYPE vigilar_plain_total counter
        vigilar_plain_total 3
        """, metrics.render());
  }

  @Test
  void sameNameAndLabelGiveTheSameCounter() {
    assertSame(metrics.counter("a_total", "k", "v"), metrics.counter("a_total", "k", "v"));
    metrics.counter("a_total", "k", "v").increment();
    metrics.counter("a_total", "k", "v").increment();
    assertEquals(2, metrics.count("a_total", "k", "v"));
    assertEquals(0, metrics.count("a_total", "k", "other"));
    assertEquals(0, metrics.count("never_total", "", ""));
  }

  @Test
  void gaugesAreReadAtRenderTime() {
    AtomicLong depth = new AtomicLong(4);
    metrics.gauge("vigilar_depth", "Queue depth", depth::get);
    metrics.gauge("vigilar_ratio", "A ratio", () -> 0.25);
    depth.set(7);
    assertEquals("""
        # HELP vigilar_depth Queue depth
        # TYPE vigilar_depth gauge
        vigilar_depth 7
        # HELP vigilar_ratio A ratio
        # TYPE vigilar_ratio gauge
        vigilar_ratio 0.25
        """, metrics.render());
  }

  @Test
  void labelValuesAreEscaped() {
    metrics.counter("x_total", "kind", "a\"b\\c\nd").increment();
    assertEquals("""
        # TYPE x_total counter
        x_total{kind="a\\"b\\\\c\\nd"} 1
        """, metrics.render());
  }

  @Test
  void countersComeBeforeGaugesAndFamiliesAreSortedByName() {
    metrics.gauge("a_gauge", "A", () -> 1);
    metrics.counter("z_total").increment();
    metrics.counter("b_total").increment();
    assertEquals("""
        # TYPE b_total counter
        b_total 1
        # TYPE z_total counter
        z_total 1
        # HELP a_gauge A
        # TYPE a_gauge gauge
        a_gauge 1
        """, metrics.render());
  }

  @Test
  void invalidMetricNameIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> metrics.counter("Bad-Name"));
    assertThrows(IllegalArgumentException.class, () -> metrics.describe("1st", "x"));
    assertThrows(IllegalArgumentException.class, () -> metrics.gauge("a b", "x", () -> 0));
  }
}
