package org.vigilar.metrics;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * Counters, gauges and histograms of the appliance, rendered in the Prometheus text format.
 *
 * <p>Counters and histograms are created on first use and never removed, so a label value must
 * come from a small fixed set (a problem kind, an outcome), never from a device id.
 */
public final class Metrics {

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

  private final Map<String, String> help = new ConcurrentSkipListMap<>();
  private final Map<String, Map<String, LongAdder>> counters = new ConcurrentSkipListMap<>();
  private final Map<String, DoubleSupplier> gauges = new ConcurrentSkipListMap<>();
  private final Map<String, double[]> histogramBounds = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Histogram>> histograms = new ConcurrentSkipListMap<>();

  /** Declares a counter family so it is exported (as zero) before its first increment. */
  public void describe(String name, String description) {
    requireName(name);
    help.put(name, description);
    counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
  }

  /** The counter {@code name} without labels. */
  public LongAdder counter(String name) {
    return counter(name, "", "");
  }

  /** The counter {@code name} with one label, such as {@code kind="malformed_json"}. */
  public LongAdder counter(String name, String label, String value) {
    String key = label.isEmpty() ? "" : label + "=\"" + escape(value) + "\"";
    Map<String, LongAdder> family = counters.get(name);
    if (family == null) {
      // Checked once per family: hot paths look counters up for every event and client.
      requireName(name);
      family = counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }
    LongAdder adder = family.get(key);
    return adder != null ? adder : family.computeIfAbsent(key, k -> new LongAdder());
  }

  /** Reads a counter's current value; zero when it was never incremented. */
  public long count(String name, String label, String value) {
    String key = label.isEmpty() ? "" : label + "=\"" + escape(value) + "\"";
    Map<String, LongAdder> family = counters.get(name);
    LongAdder adder = family == null ? null : family.get(key);
    return adder == null ? 0 : adder.sum();
  }

  public void gauge(String name, String description, DoubleSupplier value) {
    requireName(name);
    help.put(name, description);
    gauges.put(name, Objects.requireNonNull(value, "value"));
  }

  /**
   * Declares a histogram family with its bucket upper bounds, so it is exported before its
   * first observation.
   *
   * @param bounds strictly increasing upper bounds, without +Inf
   * @throws IllegalArgumentException when the bounds are empty or not increasing
   */
  public void describeHistogram(String name, String description, double... bounds) {
    requireName(name);
    if (bounds.length == 0) {
      throw new IllegalArgumentException("histogram " + name + " needs at least one bound");
    }
    for (int i = 1; i < bounds.length; i++) {
      if (!(bounds[i] > bounds[i - 1])) {
        throw new IllegalArgumentException("histogram " + name
            + " bounds must strictly increase, were " + Arrays.toString(bounds));
      }
    }
    help.put(name, description);
    histogramBounds.put(name, bounds.clone());
    histograms.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
  }

  /**
   * The histogram {@code name} with one label, such as {@code outcome="delivered"}.
   *
   * @throws IllegalStateException when the family was not declared with
   *     {@link #describeHistogram}
   */
  public Histogram histogram(String name, String label, String value) {
    double[] bounds = histogramBounds.get(name);
    if (bounds == null) {
      throw new IllegalStateException("histogram " + name + " was not declared");
    }
    String key = label.isEmpty() ? "" : label + "=\"" + escape(value) + "\"";
    return histograms.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
        .computeIfAbsent(key, k -> new Histogram(bounds));
  }

  /** The whole registry in the Prometheus text exposition format 0.0.4. */
  public String render() {
    StringBuilder out = new StringBuilder(4096);
    counters.forEach((name, family) -> {
      header(out, name, "counter");
      if (family.isEmpty()) {
        out.append(name).append(" 0\n");
      }
      new ConcurrentSkipListMap<>(family).forEach((labels, adder) -> {
        out.append(name);
        if (!labels.isEmpty()) {
          out.append('{').append(labels).append('}');
        }
        out.append(' ').append(adder.sum()).append('\n');
      });
    });
    histograms.forEach((name, family) -> {
      header(out, name, "histogram");
      new ConcurrentSkipListMap<>(family).forEach((labels, histogram) ->
          histogram.render(out, name, labels));
    });
    gauges.forEach((name, supplier) -> {
      header(out, name, "gauge");
      out.append(name).append(' ').append(format(supplier.getAsDouble())).append('\n');
    });
    return out.toString();
  }

  private void header(StringBuilder out, String name, String type) {
    String text = help.get(name);
    if (text != null) {
      out.append("# HELP ").append(name).append(' ').append(text).append('\n');
    }
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  static String format(double value) {
    return value == Math.rint(value) && !Double.isInfinite(value)
        ? Long.toString((long) value) : Double.toString(value);
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static void requireName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("metric name must match " + NAME + ", was " + name);
    }
  }
}
