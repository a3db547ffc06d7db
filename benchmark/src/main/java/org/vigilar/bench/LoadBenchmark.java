package org.vigilar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vigilar.bench.report.LatencyChart;
import org.vigilar.bench.report.MachineInfo;
import org.vigilar.bench.report.ResultsJson;
import org.vigilar.bench.report.RunResults;
import org.vigilar.bench.report.RunSettings;
import org.vigilar.bench.report.ScenarioResult;
import org.vigilar.bench.report.TargetCheck;
import org.vigilar.bench.report.Targets;
import org.vigilar.bench.sut.Cleanup;
import org.vigilar.bench.sut.JvmOptions;
import org.vigilar.bench.sut.MosquittoProcess;
import org.vigilar.bench.traffic.Credentials;
import org.vigilar.config.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The load benchmark of the performance issue: starts the appliance (and, for comparison, the
 * bare embedded broker and Mosquitto) in processes of their own, drives them with QoS 1
 * sensors and SSE browsers, and writes {@code results.json} and {@code latency.svg}.
 */
@Command(name = "run.sh", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Load benchmark of Vigilar against the bare embedded broker and Mosquitto.",
        "Scenarios: ready, rate200, rate1000, fanout, max, all (those five), soak, custom."})
public final class LoadBenchmark implements Callable<Integer> {

  @Parameters(index = "0", defaultValue = "all", paramLabel = "SCENARIO",
      description = "Scenario to run (default ${DEFAULT-VALUE})")
  String scenario;

  @Option(names = "--smoke", description = "Seconds-long steps and few clients: checks that"
      + " the tool works, measures nothing worth keeping")
  boolean smoke;

  @Option(names = "--warmup", paramLabel = "DURATION", description = "Unmeasured load before"
      + " each step (default 5s; smoke 1s)")
  String warmup;

  @Option(names = "--duration", paramLabel = "DURATION", description = "Measured time per"
      + " step (default 20s; smoke 3s)")
  String duration;

  @Option(names = "--drain", paramLabel = "DURATION", description = "After a step, how long"
      + " no late event may arrive before the missing ones count as lost (default 10s; smoke"
      + " 5s)")
  String drain;

  @Option(names = "--settle", paramLabel = "DURATION", description = "Idle time after a"
      + " start before the idle RSS is read (default 10s; smoke 1s)")
  String settle;

  @Option(names = "--repeat", description = "Launches per system in 'ready' (default 5;"
      + " smoke 1)")
  Integer repeat;

  @Option(names = "--jit-warmup", paramLabel = "DURATION", description = "Unmeasured load"
      + " after each start so the steps measure compiled code (default 15s; smoke 2s; 0s for"
      + " none)")
  String jitWarmup;

  @Option(names = "--jit-warmup-rate", defaultValue = "2000", description = "Rate of that"
      + " load (default ${DEFAULT-VALUE})")
  double jitWarmupRate;

  @Option(names = "--sensors", defaultValue = "1000", description = "Distinct sensors"
      + " (default ${DEFAULT-VALUE})")
  int sensors;

  @Option(names = "--publishers", defaultValue = "4", description = "MQTT publisher"
      + " connections; must divide --sensors (default ${DEFAULT-VALUE})")
  int publishers;

  @Option(names = "--inflight", defaultValue = "1000", description = "Unacknowledged"
      + " messages per publisher (default ${DEFAULT-VALUE})")
  int inflight;

  @Option(names = "--sse-threads", defaultValue = "1", description = "Selector threads of the"
      + " SSE clients (default ${DEFAULT-VALUE})")
  int sseThreads;

  @Option(names = "--rate", defaultValue = "1000", description = "custom: events per second,"
      + " 0 for as fast as possible (default ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--clients", defaultValue = "1", description = "custom: SSE clients"
      + " (default ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--fanout-clients", description = "fanout: SSE clients (default 1000;"
      + " smoke 100)")
  Integer fanoutClients;

  @Option(names = "--multi-clients", description = "rate1000: clients of the many-clients"
      + " step (default 50; smoke 10)")
  Integer multiClients;

  @Option(names = "--no-baselines", description = "Measure the appliance only")
  boolean noBaselines;

  @Option(names = "--mosquitto", paramLabel = "PATH", defaultValue = "/usr/sbin/mosquitto",
      description = "Mosquitto binary (default ${DEFAULT-VALUE})")
  Path mosquitto;

  @Option(names = "--no-mosquitto", description = "Compare with the bare broker only")
  boolean noMosquitto;

  @Option(names = "--baseline-receivers", defaultValue = "50", description = "Most"
      + " subscribers in a broker-only step (default ${DEFAULT-VALUE})")
  int baselineReceivers;

  @Option(names = "--baseline-qos", defaultValue = "0", description = "QoS of the subscribers"
      + " in a broker-only step: 0, as the appliance's bridge subscribes, or 1"
      + " (default ${DEFAULT-VALUE})")
  int baselineQos;

  @Option(names = "--target", paramLabel = "HOST:MQTT:HTTP", description = "Measure a"
      + " running appliance on loopback instead of starting one")
  String target;

  @Option(names = "--target-pid", defaultValue = "-1", description = "Process id of the"
      + " --target appliance, for its CPU and memory")
  long targetPid;

  @Option(names = "--username", description = "MQTT device the publishers log in as"
      + " (created with 'vigilar device add' when the benchmark starts the appliance);"
      + " default anonymous")
  String username;

  @Option(names = "--password", description = "That device's password")
  String password;

  @Option(names = "--admin-password", description = "Log the SSE clients in with this"
      + " administrator password (set on the appliance the benchmark starts)")
  String adminPassword;

  @Option(names = "--jvm-opts", description = "JVM options of the appliance and the bare"
      + " broker (default: VIGILAR_JAVA_OPTS, else the ./vigilar launcher's)")
  String jvmOpts;

  @Option(names = "--search-start", description = "max: first rate (default 1000; smoke 500)")
  Double searchStart;

  @Option(names = "--search-factor", description = "max: rate multiplier per step (default"
      + " 1.5; smoke 2)")
  Double searchFactor;

  @Option(names = "--search-max", defaultValue = "200000", description = "max: highest rate"
      + " tried (default ${DEFAULT-VALUE})")
  double searchMax;

  @Option(names = "--search-steps", description = "max: most steps per system (default 14;"
      + " smoke 3)")
  Integer searchSteps;

  @Option(names = "--p99-limit", paramLabel = "MS", defaultValue = "50",
      description = "max: p99 a passing step stays under (default ${DEFAULT-VALUE})")
  double p99Limit;

  @Option(names = "--no-saturation", description = "max: skip the unpaced step")
  boolean noSaturation;

  @Option(names = "--soak-duration", paramLabel = "DURATION", description = "soak: measured"
      + " time (default 1h; smoke 20s)")
  String soakDuration;

  @Option(names = "--soak-clients", description = "soak: SSE clients (default 20; smoke 5)")
  Integer soakClients;

  @Option(names = "--soak-rate", defaultValue = "200", description = "soak: events per"
      + " second (default ${DEFAULT-VALUE})")
  double soakRate;

  @Option(names = "--reconnect-mean", paramLabel = "DURATION", description = "soak: mean"
      + " time between a client's random reconnects (default 60s; smoke 3s)")
  String reconnectMean;

  @Option(names = "--sample-every", paramLabel = "DURATION", description = "soak: memory"
      + " sample period (default 60s; smoke 5s)")
  String sampleEvery;

  @Option(names = "--max-rate-cap", defaultValue = "200000", description = "Highest rate an"
      + " unpaced step may reach (default ${DEFAULT-VALUE})")
  double maxRateCap;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default"
      + " ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", description = "Where results.json and"
      + " latency.svg go (default benchmark/target/results/<time>)")
  Path out;

  /** The version line of the Mosquitto measured, found while checking the options. */
  private String mosquittoVersion;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "bench-logback.xml");
    }
    System.exit(new CommandLine(new LoadBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException, IOException {
    BenchConfig config = config();
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    Progress progress = new Progress(System.out);
    progress.note("results in " + config.out());
    List<ScenarioResult> scenarios;
    try (Cleanup cleanup = new Cleanup()) {
      Scenarios runner = new Scenarios(config, new Systems(config, cleanup),
          new StepRunner(config, progress), progress);
      scenarios = runner.run(config.scenario());
    }
    List<TargetCheck> targets = Targets.check(scenarios);
    RunResults results = new RunResults(started.toString(), (System.nanoTime() - t0) / 1e9,
        MachineInfo.current(), settings(config), scenarios, targets);
    Path json = config.out().resolve("results.json");
    ResultsJson.write(results, json);
    Files.writeString(config.out().resolve("latency.svg"),
        LatencyChart.svg(scenarios, config.searchP99Ms()));
    printTargets(targets);
    System.out.println();
    System.out.println("wrote " + json + " and latency.svg");
    return 0;
  }

  private BenchConfig config() {
    Path repo = Path.of(System.getProperty("vigilar.bench.home", ".")).toAbsolutePath()
        .normalize();
    if (!Scenarios.NAMES.contains(scenario)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "unknown scenario '"
          + scenario + "'; known: " + Scenarios.NAMES);
    }
    if ((username == null) != (password == null)) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--username and --password go together");
    }
    Path mosquittoBinary = noMosquitto || noBaselines ? null : mosquitto;
    String mosquittoVersion = null;
    if (mosquittoBinary != null) {
      if (!Files.isExecutable(mosquittoBinary)) {
        throw new CommandLine.ParameterException(new CommandLine(this), mosquittoBinary
            + " not found: apt-get install mosquitto, or pass --no-mosquitto");
      }
      mosquittoVersion = MosquittoProcess.version(mosquittoBinary);
    }
    this.mosquittoVersion = mosquittoVersion;
    List<String> jvm = jvmOpts != null ? JvmOptions.split(jvmOpts)
        : JvmOptions.packaged(repo, System.getenv());
    Path outDir = out != null ? out : repo.resolve("benchmark/target/results").resolve(
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    String command = System.getProperty("vigilar.bench.command",
        "./benchmark/run.sh " + scenario);
    return new BenchConfig(repo, outDir, scenario, smoke, command,
        duration("--warmup", warmup, "5s", "1s"),
        duration("--duration", duration, "20s", "3s"),
        duration("--drain", drain, "10s", "5s"),
        duration("--settle", settle, "10s", "1s"),
        pick(repeat, 5, 1), duration("--jit-warmup", jitWarmup, "15s", "2s"), jitWarmupRate,
        sensors, publishers, inflight, sseThreads, rate, clients,
        !noBaselines, mosquittoBinary, baselineReceivers, baselineQos, target, targetPid,
        username == null ? Credentials.anonymous() : new Credentials(username, password),
        adminPassword, jvm,
        pick(searchStart, 1000.0, 500.0), pick(searchFactor, 1.5, 2.0), searchMax,
        pick(searchSteps, 14, 3), p99Limit, !noSaturation,
        duration("--soak-duration", soakDuration, "1h", "20s"), pick(soakClients, 20, 5),
        soakRate, duration("--reconnect-mean", reconnectMean, "60s", "3s"),
        duration("--sample-every", sampleEvery, "60s", "5s"),
        pick(fanoutClients, 1000, 100), pick(multiClients, 50, 10), seed, maxRateCap);
  }

  private Duration duration(String option, String given, String full, String quick) {
    return Durations.parse(option, given != null ? given : smoke ? quick : full);
  }

  private <T> T pick(T given, T full, T quick) {
    return given != null ? given : smoke ? quick : full;
  }

  private RunSettings settings(BenchConfig c) {
    return new RunSettings(c.commandLine(), c.scenario(), c.warmup().toMillis() / 1000.0,
        c.duration().toMillis() / 1000.0, c.sensors(), c.publishers(), c.inflight(),
        String.join(" ", c.jvmOptions()), c.device().username(), c.adminPassword() != null,
        mosquittoVersion, c.target(), c.baselineQos());
  }

  private static void printTargets(List<TargetCheck> targets) {
    System.out.println();
    System.out.println("== targets");
    for (TargetCheck t : targets) {
      if (t.pass() == null) {
        continue;
      }
      System.out.printf(Locale.ROOT, "%-4s %-52s %-14s %s%n", t.pass() ? "MET" : "MISS",
          t.target(), t.requirement().length() > 14 ? "" : t.requirement(), t.measured());
      List<String> versus = new ArrayList<>();
      if (!t.versusMoquette().isEmpty()) {
        versus.add("moquette " + t.versusMoquette());
      }
      if (!t.versusMosquitto().isEmpty()) {
        versus.add("mosquitto " + t.versusMosquitto());
      }
      if (!versus.isEmpty()) {
        System.out.println("     vs " + String.join("; ", versus));
      }
    }
  }
}
