package org.vigilar.bench;

import java.io.PrintStream;
import java.util.Locale;
import org.vigilar.bench.report.ClientsSummary;
import org.vigilar.bench.report.StartupResult;
import org.vigilar.bench.report.StepResult;

/** One line per step on the console, so a long run shows where it is and how it goes. */
final class Progress {

  private final PrintStream out;

  Progress(PrintStream out) {
    this.out = out;
  }

  void scenario(String name, String description) {
    out.println();
    out.println("== " + name + ": " + description);
  }

  void note(String text) {
    out.println("   " + text);
  }

  void step(String system, StepSpec spec) {
    out.printf(Locale.ROOT, "-> %-9s %-11s %-24s warm-up %ds, measure %ds%n", system,
        spec.key(), spec.label(), spec.warmup().toSeconds(), spec.duration().toSeconds());
  }

  void result(StepResult r) {
    ClientsSummary c = r.clients();
    out.printf(Locale.ROOT, "   %s sent %.0f/s, delivered %.0f/s (throughput %.0f/s) each;"
            + " p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f ms;"
            + " lost %d dup %d ooo %d disc %d; cpu %s + gen %.2f cores; rss peak %s%n",
        r.passed() ? "PASS" : "FAIL", r.publish().sentRate(), r.deliveredRate(),
        r.receiveRate(),
        r.latency().p50Ms(), r.latency().p90Ms(), r.latency().p99Ms(), r.latency().p999Ms(),
        r.latency().maxMs(), c.lost(), c.duplicates(), c.outOfOrder(), c.disconnects(),
        r.cpu().system() == null ? "?" : String.format(Locale.ROOT, "%.2f", r.cpu().system()),
        r.cpu().generator(), r.memory().rssPeakKb() == null ? "?"
            : r.memory().rssPeakKb() / 1024 + " MiB");
    if (r.publish().failed() > 0 || r.publish().acked() < r.publish().sent()) {
      out.printf(Locale.ROOT, "   publish: %d sent, %d acked, %d failed%n", r.publish().sent(),
          r.publish().acked(), r.publish().failed());
    }
    r.errors().stream().limit(3).forEach(e -> out.println("   ! " + e));
  }

  void startup(StartupResult s) {
    out.printf(Locale.ROOT, "   %-9s ready %s ms, live %s ms, idle RSS %s KiB%n", s.system(),
        s.readyMs(), s.liveMs(), s.idleRssKb());
  }
}
