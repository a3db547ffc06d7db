package org.vigilar.bench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * An SVG line chart of latency percentiles against the offered rate, both on log scales: one
 * colour per percentile, one dash pattern per system. Plain SVG 1.1 with no script or external
 * font, so it renders the same in a browser and on a repository page.
 */
public final class LatencyChart {

  private static final int WIDTH = 860;
  private static final int HEIGHT = 520;
  private static final int LEFT = 70;
  private static final int RIGHT = 200;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;
  private static final double MIN_MS = 0.01;

  private record Percentile(String name, String colour, ToDoubleFunction<LatencySummary> value) {
  }

  private static final List<Percentile> PERCENTILES = List.of(
      new Percentile("p50", "#1b9e77", LatencySummary::p50Ms),
      new Percentile("p90", "#d95f02", LatencySummary::p90Ms),
      new Percentile("p99", "#7570b3", LatencySummary::p99Ms),
      new Percentile("p99.9", "#e7298a", LatencySummary::p999Ms));

  private static final Map<String, String> DASHES = Map.of(
      Targets.APPLIANCE, "", Targets.MOQUETTE, "7 4", Targets.MOSQUITTO, "2 3");

  private LatencyChart() {
  }

  /**
   * The chart of a run: the rate-search steps of every system, or, without a search, every
   * fixed-rate step with one receiver.
   *
   * @param limitMs a horizontal line for the p99 limit, or 0 for none
   */
  public static String svg(List<ScenarioResult> scenarios, double limitMs) {
    Map<String, List<StepResult>> bySystem = new LinkedHashMap<>();
    scenarios.stream().flatMap(s -> s.searches().stream()).forEach(search ->
        bySystem.computeIfAbsent(search.system(), k -> new ArrayList<>()).addAll(search.steps()));
    if (bySystem.isEmpty()) {
      scenarios.stream().flatMap(s -> s.steps().stream()).filter(s -> s.receivers() == 1)
          .forEach(s -> bySystem.computeIfAbsent(s.system(), k -> new ArrayList<>()).add(s));
    }
    bySystem.values().forEach(steps -> {
      steps.removeIf(s -> s.rate() <= 0 || s.latency().count() == 0);
      steps.sort(Comparator.comparingDouble(StepResult::rate));
    });
    return render(bySystem, limitMs);
  }

  private static String render(Map<String, List<StepResult>> bySystem, double limitMs) {
    List<StepResult> all = bySystem.values().stream().flatMap(List::stream).toList();
    double minRate = all.stream().mapToDouble(StepResult::rate).min().orElse(10);
    double maxRate = all.stream().mapToDouble(StepResult::rate).max().orElse(100_000);
    double maxMs = Math.max(limitMs, all.stream().mapToDouble(s -> s.latency().p999Ms()).max()
        .orElse(100));
    double minMs = Math.max(MIN_MS, all.stream().mapToDouble(s -> s.latency().p50Ms()).min()
        .orElse(0.1));
    Axis x = new Axis(decadeBelow(minRate), decadeAbove(maxRate * 1.01), LEFT, WIDTH - RIGHT);
    Axis y = new Axis(decadeBelow(minMs), decadeAbove(maxMs * 1.01), HEIGHT - BOTTOM, TOP);

    StringBuilder svg = new StringBuilder(16_384);
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
        + " height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(text(WIDTH / 2.0 - 60, 22, "Latency percentiles against rate", "middle", 15));
    grid(svg, x, y);
    if (limitMs > 0) {
      double ly = y.at(limitMs);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
          + " stroke=\"#c00\" stroke-dasharray=\"4 4\"/>%n", LEFT, ly, WIDTH - RIGHT, ly));
      svg.append(text(WIDTH - RIGHT - 4, ly - 4, "p99 limit " + label(limitMs) + " ms",
          "end", 11));
    }
    bySystem.forEach((system, steps) -> series(svg, system, steps, x, y));
    legend(svg, bySystem.keySet());
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void series(StringBuilder svg, String system, List<StepResult> steps, Axis x,
      Axis y) {
    if (steps.isEmpty()) {
      return;
    }
    String dash = DASHES.getOrDefault(system, "1 2");
    for (Percentile p : PERCENTILES) {
      StringBuilder points = new StringBuilder();
      for (StepResult s : steps) {
        double ms = Math.max(MIN_MS, p.value().applyAsDouble(s.latency()));
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.at(s.rate()), y.at(ms)));
      }
      svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\""
          + " stroke-width=\"2\"%s points=\"%s\"/>%n", p.colour(),
          dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"", points.toString().strip()));
      for (StepResult s : steps) {
        double ms = Math.max(MIN_MS, p.value().applyAsDouble(s.latency()));
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\""
            + " fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"><title>%s %s at %.0f/s: %s ms"
            + "</title></circle>%n", x.at(s.rate()), y.at(ms), s.passed() ? p.colour() : "white",
            p.colour(), system, p.name(), s.rate(), Targets.number(ms)));
      }
    }
  }

  private static void grid(StringBuilder svg, Axis x, Axis y) {
    for (double v = x.min(); v <= x.max() * 1.0001; v *= 10) {
      for (int m : new int[] {1, 2, 5}) {
        double at = v * m;
        if (at > x.max() * 1.0001) {
          break;
        }
        double px = x.at(at);
        svg.append(line(px, y.from(), px, y.to(), m == 1 ? "#bbb" : "#eee"));
        svg.append(text(px, y.from() + 16, label(at), "middle", 11));
      }
    }
    for (double v = y.min(); v <= y.max() * 1.0001; v *= 10) {
      for (int m : new int[] {1, 2, 5}) {
        double at = v * m;
        if (at > y.max() * 1.0001) {
          break;
        }
        double py = y.at(at);
        svg.append(line(x.from(), py, x.to(), py, m == 1 ? "#bbb" : "#eee"));
        svg.append(text(x.from() - 6, py + 4, label(at), "end", 11));
      }
    }
    svg.append(text((x.from() + x.to()) / 2, HEIGHT - 18, "offered rate (events/s)",
        "middle", 12));
    svg.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\""
        + " transform=\"rotate(-90 18 %.1f)\">latency (ms)</text>%n", (y.from() + y.to()) / 2,
        (y.from() + y.to()) / 2));
  }

  private static void legend(StringBuilder svg, Iterable<String> systems) {
    int lx = WIDTH - RIGHT + 20;
    int ly = TOP + 10;
    for (Percentile p : PERCENTILES) {
      svg.append(line(lx, ly, lx + 28, ly, p.colour()).replace("/>", " stroke-width=\"2\"/>"));
      svg.append(text(lx + 36, ly + 4, p.name(), "start", 12));
      ly += 20;
    }
    ly += 10;
    for (String system : systems) {
      String dash = DASHES.getOrDefault(system, "1 2");
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\""
          + " stroke=\"#333\" stroke-width=\"2\"%s/>%n", lx, ly, lx + 28, ly,
          dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\""));
      svg.append(text(lx + 36, ly + 4, system, "start", 12));
      ly += 20;
    }
    svg.append(text(lx, ly + 10, "hollow dot: step failed", "start", 10));
  }

  private static String line(double x1, double y1, double x2, double y2, String colour) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
        + " stroke=\"%s\"/>%n", x1, y1, x2, y2, colour);
  }

  private static String text(double x, double y, String content, String anchor, int size) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\""
        + " font-size=\"%d\">%s</text>%n", x, y, anchor, size, escape(content));
  }

  private static String label(double value) {
    if (value >= 1000) {
      return String.format(Locale.ROOT, "%.0fk", value / 1000);
    }
    return new BigDecimal(value).round(new MathContext(2)).stripTrailingZeros().toPlainString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static double decadeBelow(double v) {
    return Math.pow(10, Math.floor(Math.log10(v)));
  }

  private static double decadeAbove(double v) {
    return Math.pow(10, Math.ceil(Math.log10(v)));
  }

  /** A log-scale axis from data range [min, max] to pixels [from, to]. */
  private record Axis(double min, double max, double from, double to) {

    double at(double value) {
      double f = (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
      return from + f * (to - from);
    }
  }
}
