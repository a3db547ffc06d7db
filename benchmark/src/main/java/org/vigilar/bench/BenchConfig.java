package org.vigilar.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.vigilar.bench.traffic.Credentials;

/**
 * Everything a run needs, checked once from the command line.
 *
 * @param repo the checkout: {@code appliance/target/vigilar.jar} and the launcher live there
 * @param out where results.json and latency.svg go
 * @param target {@code host:mqttPort:httpPort} of a running appliance, or null to start one
 * @param targetPid that appliance's process id for CPU and memory, or -1
 * @param device MQTT login of the publishers (and of the broker baselines)
 * @param adminPassword when set, the SSE clients log in with it first
 * @param jvmOptions the appliance's (and bare Moquette's) JVM options
 * @param mosquitto the Mosquitto binary, or null to skip it
 * @param baselineReceivers cap on subscribers in broker-only steps (each is three threads)
 * @param baselineQos QoS of those subscribers; 0 is how the appliance's bridge subscribes
 * @param jitWarmup unmeasured load after each start, before the first step; zero for none
 * @param maxRateCap highest rate an unpaced step may reach; bounds its bookkeeping
 */
record BenchConfig(
    Path repo, Path out, String scenario, boolean smoke, String commandLine,
    Duration warmup, Duration duration, Duration drain, Duration settle, int repeat,
    Duration jitWarmup, double jitWarmupRate,
    int sensors, int publishers, int inflight, int sseThreads,
    double rate, int clients,
    boolean baselines, Path mosquitto, int baselineReceivers, int baselineQos,
    String target, long targetPid,
    Credentials device, String adminPassword, List<String> jvmOptions,
    double searchStart, double searchFactor, double searchMax, int searchSteps,
    double searchP99Ms, boolean saturation,
    Duration soakDuration, int soakClients, double soakRate, Duration reconnectMean,
    Duration sampleEvery,
    int fanoutClients, int multiClients,
    long seed, double maxRateCap) {

  BenchConfig {
    jvmOptions = List.copyOf(jvmOptions);
    if (publishers < 1 || sensors % publishers != 0) {
      throw new IllegalArgumentException("--sensors (" + sensors + ") must be a multiple of"
          + " --publishers (" + publishers + ")");
    }
    if (baselineQos < 0 || baselineQos > 1) {
      throw new IllegalArgumentException("--baseline-qos must be 0 or 1, was " + baselineQos);
    }
    if (searchFactor <= 1) {
      throw new IllegalArgumentException("--search-factor must be above 1, was "
          + searchFactor);
    }
  }
}
