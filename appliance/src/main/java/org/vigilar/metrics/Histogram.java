package org.vigilar.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram with fixed upper bounds, in seconds. Observing is lock-free; a
 * concurrent scrape may see a count one ahead of its buckets, which Prometheus tolerates.
 */
public final class Histogram {

  private final double[] bounds;
  private final LongAdder[] buckets;
  private final LongAdder count = new LongAdder();
  private final DoubleAdder sum = new DoubleAdder();

  Histogram(double[] bounds) {
    this.bounds = bounds.clone();
    this.buckets = new LongAdder[bounds.length];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  /** Records one value, such as a duration in seconds. */
  public void observe(double value) {
    int i = Arrays.binarySearch(bounds, value);
    int first = i >= 0 ? i : -i - 1;
    if (first < buckets.length) {
      buckets[first].increment();
    }
    count.increment();
    sum.add(value);
  }

  /** How many values were recorded. */
  public long count() {
    return count.sum();
  }

  void render(StringBuilder out, String name, String labels) {
    String prefix = labels.isEmpty() ? "" : labels + ",";
    long cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      cumulative += buckets[i].sum();
      out.append(name).append("_bucket{").append(prefix).append("le=\"")
          .append(Metrics.format(bounds[i])).append("\"} ").append(cumulative).append('\n');
    }
    long total = count.sum();
    out.append(name).append("_bucket{").append(prefix).append("le=\"+Inf\"} ")
        .append(Math.max(total, cumulative)).append('\n');
    String braces = labels.isEmpty() ? "" : "{" + labels + "}";
    out.append(name).append("_sum").append(braces).append(' ')
        .append(Metrics.format(sum.sum())).append('\n');
    out.append(name).append("_count").append(braces).append(' ').append(total).append('\n');
  }
}
