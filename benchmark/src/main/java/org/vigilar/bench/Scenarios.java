package org.vigilar.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.vigilar.bench.report.ScenarioResult;
import org.vigilar.bench.report.SearchResult;
import org.vigilar.bench.report.SoakResult;
import org.vigilar.bench.report.SoakSample;
import org.vigilar.bench.report.StartupResult;
import org.vigilar.bench.report.StepResult;
import org.vigilar.bench.sut.ProcStats;
import org.vigilar.bench.sut.SystemUnderTest;
import org.vigilar.bench.traffic.Epoch;
import org.vigilar.config.Durations;

/**
 * The scenarios of the performance issue. Each starts its systems afresh (a new appliance with
 * an empty store, a new broker), measures the appliance first and then the baselines with the
 * same load, and stops them again.
 */
final class Scenarios {

  /** Scenario names, in the order {@code all} runs them; soak and custom run only by name. */
  static final List<String> ALL = List.of("ready", "rate200", "rate1000", "fanout", "max");
  static final List<String> NAMES = List.of("ready", "rate200", "rate1000", "fanout", "max",
      "soak", "custom", "all");

  private static final double SOAK_P99_MS = 1000;
  private static final Pattern LOG_PROBLEM =
      Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (WARN|ERROR)");

  private final BenchConfig config;
  private final Systems systems;
  private final StepRunner runner;
  private final Progress progress;
  private final Epoch epoch = Epoch.now();
  private final Random random;

  Scenarios(BenchConfig config, Systems systems, StepRunner runner, Progress progress) {
    this.config = config;
    this.systems = systems;
    this.runner = runner;
    this.progress = progress;
    this.random = new Random(config.seed());
  }

  List<ScenarioResult> run(String name) throws InterruptedException {
    if (name.equals("all")) {
      List<ScenarioResult> results = new ArrayList<>();
      for (String each : ALL) {
        results.add(runOne(each));
      }
      return results;
    }
    return List.of(runOne(name));
  }

  private ScenarioResult runOne(String name) throws InterruptedException {
    return switch (name) {
      case "ready" -> ready();
      case "rate200" -> fixed(name, "200 events/s to 1 SSE client (target p99 < 2.5 ms)",
          List.of(spec("rate200", 200, 1, 2.5)));
      case "rate1000" -> fixed(name, "1,000 events/s to 1 and to " + config.multiClients()
          + " SSE clients (targets p99 < 5 ms; no loss and p99 < 20 ms; RSS < 192 MB)",
          List.of(spec("rate1000x1", 1000, 1, 5),
              spec("rate1000x50", 1000, config.multiClients(), 20)));
      case "fanout" -> fixed(name, config.fanoutClients() + " SSE clients at 10 events/s"
          + " (target no loss, p99 < 100 ms)",
          List.of(spec("fanout", 10, config.fanoutClients(), 100)));
      case "max" -> max();
      case "soak" -> soak();
      case "custom" -> fixed(name, "custom load", List.of(spec("custom", config.rate(),
          config.clients(), config.searchP99Ms())));
      default -> throw new IllegalArgumentException("unknown scenario " + name + "; known: "
          + NAMES);
    };
  }

  private StepSpec spec(String key, double rate, int receivers, double limit) {
    return new StepSpec(key, rate, receivers, config.warmup(), config.duration(), null,
        limit);
  }

  /** Start-to-ready time and idle memory, over several launches. */
  private ScenarioResult ready() throws InterruptedException {
    String description = "start to ready (target < 2 s) and idle RSS (target < 96 MB), "
        + config.repeat() + " launches each";
    progress.scenario("ready", description);
    List<StartupResult> startups = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String name : systems.names()) {
      if (name.equals(Systems.APPLIANCE) && !systems.launchesAppliance()) {
        notes.add("appliance not launched (--target): no start time");
        continue;
      }
      List<Double> ready = new ArrayList<>();
      List<Double> live = new ArrayList<>();
      List<Long> rss = new ArrayList<>();
      try {
        for (int i = 0; i < config.repeat(); i++) {
          try (SystemUnderTest system = systems.start(name)) {
            ready.add(round(system.launch().readyMs()));
            if (system.launch().liveMs() != null) {
              live.add(round(system.launch().liveMs()));
            }
            rss.add(idleRss(system));
          }
        }
      } catch (RuntimeException e) {
        notes.add(name + " failed: " + e.getMessage());
        progress.note("! " + name + " failed: " + e.getMessage());
        continue;
      }
      StartupResult startup = new StartupResult(name, ready, live, rss,
          config.settle().toMillis() / 1000.0);
      progress.startup(startup);
      startups.add(startup);
    }
    return new ScenarioResult("ready", description, startups, List.of(), List.of(), null,
        notes);
  }

  /** The same fixed-rate steps on the appliance and on each baseline. */
  private ScenarioResult fixed(String name, String description, List<StepSpec> specs)
      throws InterruptedException {
    progress.scenario(name, description);
    List<StartupResult> startups = new ArrayList<>();
    List<StepResult> steps = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String system : systems.names()) {
      try (SystemUnderTest sut = systems.start(system);
          Session session = Session.open(sut, config, epoch, random)) {
        startups.add(startup(sut));
        warmUp(session);
        for (StepSpec spec : specs) {
          steps.add(runner.run(session, forSystem(system, spec)));
        }
      } catch (RuntimeException e) {
        notes.add(system + " failed: " + e.getMessage());
        progress.note("! " + system + " failed: " + e.getMessage());
      }
    }
    return new ScenarioResult(name, description, startups, steps, List.of(), null, notes);
  }

  /** The highest sustained rate to one receiver, on every system. */
  private ScenarioResult max() throws InterruptedException {
    String description = "highest sustained rate to 1 SSE client with no loss and p99 < "
        + config.searchP99Ms() + " ms (target: at least half the bare broker's)";
    progress.scenario("max", description);
    RateSearch search = new RateSearch(config, runner);
    StepSpec template = spec("max", 0, 1, config.searchP99Ms());
    List<StartupResult> startups = new ArrayList<>();
    List<SearchResult> searches = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String system : systems.names()) {
      try (SystemUnderTest sut = systems.start(system);
          Session session = Session.open(sut, config, epoch, random)) {
        startups.add(startup(sut));
        warmUp(session);
        SearchResult result = search.run(session, template);
        progress.note(system + ": highest sustained rate " + result.maxSustainedRate() + "/s");
        searches.add(result);
      } catch (RuntimeException e) {
        notes.add(system + " failed: " + e.getMessage());
        progress.note("! " + system + " failed: " + e.getMessage());
      }
    }
    return new ScenarioResult("max", description, startups, List.of(), searches, null, notes);
  }

  /** A long run with browsers dropping and resuming at random. */
  private ScenarioResult soak() throws InterruptedException {
    String description = Math.round(config.soakRate()) + " events/s for "
        + Durations.format(config.soakDuration()) + " to " + config.soakClients()
        + " SSE clients reconnecting at random with Last-Event-ID (target: no loss, heap and"
        + " direct memory flat, no leak report)";
    progress.scenario("soak", description);
    // Latency is no soak target; replays after reconnects are kept out of it anyway.
    StepSpec spec = new StepSpec("soak", config.soakRate(), config.soakClients(),
        config.warmup(), config.soakDuration(), config.reconnectMean(), SOAK_P99_MS);
    List<String> notes = new ArrayList<>();
    try (SystemUnderTest sut = systems.start(Systems.APPLIANCE, SoakMonitor.JVM_OPTIONS);
        Session session = Session.open(sut, config, epoch, random)) {
      StartupResult startup = startup(sut);
      warmUp(session);
      if (sut.pid() <= 0) {
        notes.add("no process id for the appliance (--target-pid): memory not sampled");
      }
      StepResult step;
      List<SoakSample> samples;
      try (SoakMonitor monitor = new SoakMonitor(sut.pid(), config.sampleEvery().toNanos())) {
        step = runner.run(session, spec);
        samples = monitor.samples();
      }
      long leaks = sut.logLines(line -> line.contains("LEAK:"));
      long warnings = sut.logLines(line -> LOG_PROBLEM.matcher(line).find());
      SoakResult soak = new SoakResult(step, samples, leaks, warnings,
          SoakMonitor.growth(samples, SoakSample::oldUsedKb),
          SoakMonitor.growth(samples, SoakSample::nativeOtherKb));
      progress.note("samples " + samples.size() + ", old generation growth "
          + soak.oldGrowthKb() + " KiB, native growth " + soak.nativeGrowthKb() + " KiB, leak"
          + " reports " + leaks + ", log warnings " + warnings);
      return new ScenarioResult("soak", description, List.of(startup), List.of(step),
          List.of(), soak, notes);
    } catch (RuntimeException e) {
      notes.add("appliance failed: " + e.getMessage());
      progress.note("! appliance failed: " + e.getMessage());
      return new ScenarioResult("soak", description, List.of(), List.of(), List.of(), null,
          notes);
    }
  }

  /**
   * Runs the system under load once without counting, so that the measured steps see compiled
   * code and not the interpreter.
   */
  private void warmUp(Session session) throws InterruptedException {
    if (config.jitWarmup().isZero()) {
      return;
    }
    runner.run(session, new StepSpec("jit-warmup", config.jitWarmupRate(), 1, Duration.ZERO,
        config.jitWarmup(), null, Double.MAX_VALUE));
  }

  /** Baselines get the same load with at most a capped number of subscribers. */
  private StepSpec forSystem(String system, StepSpec spec) {
    if (system.equals(Systems.APPLIANCE)) {
      return spec;
    }
    return spec.withReceivers(Math.min(spec.receivers(), config.baselineReceivers()));
  }

  /** The launch times and the memory after the settle time, before any load. */
  private StartupResult startup(SystemUnderTest system) throws InterruptedException {
    long rss = idleRss(system);
    SystemUnderTest.Launch launch = system.launch();
    StartupResult startup = new StartupResult(system.name(),
        launch == null ? List.of() : List.of(round(launch.readyMs())),
        launch == null || launch.liveMs() == null ? List.of() : List.of(round(launch.liveMs())),
        rss < 0 ? List.of() : List.of(rss), config.settle().toMillis() / 1000.0);
    progress.startup(startup);
    return startup;
  }

  private long idleRss(SystemUnderTest system) throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(config.settle().toMillis());
    return system.pid() > 0 ? ProcStats.rssKb(system.pid()) : -1;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
