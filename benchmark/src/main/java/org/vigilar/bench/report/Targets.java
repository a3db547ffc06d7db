package org.vigilar.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Checks a run's measurements against the targets of the performance issue. */
public final class Targets {

  static final String APPLIANCE = "appliance";
  static final String MOQUETTE = "moquette";
  static final String MOSQUITTO = "mosquitto";
  private static final double MIB = 1024;

  private final List<ScenarioResult> scenarios;

  private Targets(List<ScenarioResult> scenarios) {
    this.scenarios = scenarios;
  }

  /** One check per target; targets the run did not measure have {@code pass == null}. */
  public static List<TargetCheck> check(List<ScenarioResult> scenarios) {
    Targets t = new Targets(scenarios);
    List<TargetCheck> checks = new ArrayList<>();
    checks.add(t.maxRate());
    checks.add(t.latency("rate200", "200 events/s to %d SSE client", 1, 2.5, false));
    checks.add(t.latency("rate1000x1", "1,000 events/s to %d SSE client", 1, 5, false));
    checks.add(t.latency("rate1000x50", "1,000 events/s to %d SSE clients", 50, 20, true));
    checks.add(t.latency("fanout", "%,d SSE clients at 10 events/s", 1000, 100, true));
    checks.add(t.idleRss());
    checks.add(t.loadedRss());
    checks.add(t.startTime());
    checks.add(t.soak());
    return checks;
  }

  private TargetCheck maxRate() {
    Optional<SearchResult> appliance = search(APPLIANCE);
    String target = "Sustained rate to 1 SSE client, no loss, p99 < "
        + number(appliance.map(SearchResult::p99LimitMs).orElse(50.0)) + " ms";
    String requirement = "at least half of the bare broker's (about 20,000/s)";
    if (appliance.isEmpty()) {
      return new TargetCheck(target, requirement, "not measured", null, "", "");
    }
    double rate = appliance.get().maxSustainedRate();
    Optional<SearchResult> moquette = search(MOQUETTE);
    // A bare broker that sustained nothing (an overloaded machine) is no yardstick.
    Boolean pass = rate > 0 && (moquette.isPresent()
        ? rate >= 0.5 * moquette.get().maxSustainedRate() : rate >= 20_000);
    return new TargetCheck(target, requirement, rate(rate) + saturation(appliance.get()), pass,
        moquette.map(m -> rate(m.maxSustainedRate()) + " (" + ratio(rate,
            m.maxSustainedRate()) + ")").orElse(""),
        search(MOSQUITTO).map(m -> rate(m.maxSustainedRate()) + " (" + ratio(rate,
            m.maxSustainedRate()) + ")").orElse(""));
  }

  private static String saturation(SearchResult search) {
    StepResult s = search.saturation();
    return s == null ? "" : String.format(Locale.ROOT, "; unpaced %s received",
        rate(s.receiveRate()));
  }

  /**
   * @param target names the receivers with a {@code %d}: the count the step used, or
   *     {@code clients} when it was not measured
   */
  private TargetCheck latency(String key, String target, int clients, double limitMs,
      boolean noLoss) {
    String requirement = (noLoss ? "no loss, " : "") + "p99 < " + number(limitMs) + " ms";
    Optional<StepResult> step = step(APPLIANCE, key);
    if (step.isEmpty()) {
      return new TargetCheck(String.format(Locale.ROOT, target, clients), requirement,
          "not measured", null, "", "");
    }
    StepResult s = step.get();
    target = String.format(Locale.ROOT, target, s.receivers());
    boolean pass = s.latency().p99Ms() < limitMs && s.clients().clean()
        && s.publish().failed() == 0;
    String measured = "p99 " + number(s.latency().p99Ms()) + " ms, lost "
        + s.clients().lost() + (s.passed() ? "" : " (step failed its checks)");
    return new TargetCheck(target, requirement, measured, pass,
        baseline(MOQUETTE, key, s), baseline(MOSQUITTO, key, s));
  }

  private String baseline(String system, String key, StepResult appliance) {
    return step(system, key).map(b -> "p99 " + number(b.latency().p99Ms()) + " ms ("
        + ratio(appliance.latency().p99Ms(), b.latency().p99Ms()) + ")").orElse("");
  }

  private TargetCheck idleRss() {
    String target = "Idle RSS, packaged JVM settings";
    Optional<StartupResult> appliance = startup(APPLIANCE);
    if (appliance.isEmpty()) {
      return new TargetCheck(target, "< 96 MB", "not measured", null, "", "");
    }
    long rss = appliance.get().medianIdleRssKb();
    return new TargetCheck(target, "< 96 MB", mib(rss), rss < 96 * MIB,
        startup(MOQUETTE).map(s -> mib(s.medianIdleRssKb()) + " ("
            + ratio(rss, s.medianIdleRssKb()) + ")").orElse(""),
        startup(MOSQUITTO).map(s -> mib(s.medianIdleRssKb()) + " ("
            + ratio(rss, s.medianIdleRssKb()) + ")").orElse(""));
  }

  private TargetCheck loadedRss() {
    Optional<StepResult> step = step(APPLIANCE, "rate1000x50");
    String target = "RSS during the " + step.map(StepResult::receivers).orElse(50)
        + "-client run";
    if (step.isEmpty() || step.get().memory().rssPeakKb() == null) {
      return new TargetCheck(target, "< 192 MB", "not measured", null, "", "");
    }
    long peak = step.get().memory().rssPeakKb();
    return new TargetCheck(target, "< 192 MB", "peak " + mib(peak), peak < 192 * MIB,
        peakOf(MOQUETTE, peak), peakOf(MOSQUITTO, peak));
  }

  private String peakOf(String system, long appliancePeak) {
    return step(system, "rate1000x50").filter(s -> s.memory().rssPeakKb() != null)
        .map(s -> "peak " + mib(s.memory().rssPeakKb()) + " ("
            + ratio(appliancePeak, s.memory().rssPeakKb()) + ")").orElse("");
  }

  private TargetCheck startTime() {
    String target = "Start to /healthz ready";
    Optional<StartupResult> appliance = scenario("ready").flatMap(s -> s.startups().stream()
        .filter(x -> x.system().equals(APPLIANCE) && !x.readyMs().isEmpty()).findFirst());
    if (appliance.isEmpty()) {
      return new TargetCheck(target, "< 2 s", "not measured", null, "", "");
    }
    double ms = appliance.get().medianReadyMs();
    return new TargetCheck(target, "< 2 s", "median " + number(ms) + " ms of "
        + appliance.get().readyMs().size(), ms < 2000,
        readyOf(MOQUETTE, ms), readyOf(MOSQUITTO, ms));
  }

  private String readyOf(String system, double applianceMs) {
    return scenario("ready").flatMap(s -> s.startups().stream()
        .filter(x -> x.system().equals(system) && !x.readyMs().isEmpty()).findFirst())
        .map(x -> number(x.medianReadyMs()) + " ms (" + ratio(applianceMs, x.medianReadyMs())
            + ")").orElse("");
  }

  private TargetCheck soak() {
    String target = "Soak with reconnecting SSE clients";
    String requirement = "no loss, heap and direct memory flat, no leak report";
    Optional<SoakResult> soak = scenario("soak").map(ScenarioResult::soak);
    if (soak.isEmpty()) {
      return new TargetCheck(target, requirement, "not measured", null, "", "");
    }
    SoakResult s = soak.get();
    ClientsSummary c = s.step().clients();
    boolean pass = c.clean() && s.leakReports() == 0 && s.oldGrowthKb() < 4 * MIB
        && s.nativeGrowthKb() < 4 * MIB;
    String measured = String.format(Locale.ROOT, "%.0f s, lost %d, dup %d, %d reconnects;"
        + " old gen %+d KiB, native %+d KiB; %d leak reports",
        s.step().measuredSeconds(), c.lost(), c.duplicates(), c.reconnects(),
        s.oldGrowthKb(), s.nativeGrowthKb(), s.leakReports());
    return new TargetCheck(target, requirement, measured, pass, "", "");
  }

  private Optional<ScenarioResult> scenario(String name) {
    return scenarios.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  private Optional<SearchResult> search(String system) {
    return scenarios.stream().flatMap(s -> s.searches().stream())
        .filter(s -> s.system().equals(system)).findFirst();
  }

  private Optional<StepResult> step(String system, String key) {
    return scenarios.stream().flatMap(s -> s.steps().stream())
        .filter(s -> s.system().equals(system) && s.key().equals(key)).findFirst();
  }

  /** The ready scenario's startup if there is one, else any scenario's. */
  private Optional<StartupResult> startup(String system) {
    Optional<StartupResult> fromReady = scenario("ready").flatMap(s -> s.startups().stream()
        .filter(x -> x.system().equals(system) && !x.idleRssKb().isEmpty()).findFirst());
    return fromReady.or(() -> scenarios.stream().flatMap(s -> s.startups().stream())
        .filter(x -> x.system().equals(system) && !x.idleRssKb().isEmpty()).findFirst());
  }

  static String ratio(double appliance, double baseline) {
    if (baseline <= 0) {
      return "ratio n/a";
    }
    return String.format(Locale.ROOT, "appliance %.2f\u00d7", appliance / baseline);
  }

  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f/s", perSecond);
  }

  static String mib(long kb) {
    return String.format(Locale.ROOT, "%.1f MiB", kb / MIB);
  }

  static String number(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
