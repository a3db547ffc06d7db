package org.vigilar.bench;

import java.util.ArrayList;
import java.util.List;
import org.vigilar.bench.sut.ApplianceProcess;
import org.vigilar.bench.sut.BareMoquetteProcess;
import org.vigilar.bench.sut.Cleanup;
import org.vigilar.bench.sut.MosquittoProcess;
import org.vigilar.bench.sut.RunningAppliance;
import org.vigilar.bench.sut.SystemUnderTest;

/** Starts the systems a scenario measures. */
final class Systems {

  static final String APPLIANCE = "appliance";
  static final String MOQUETTE = "moquette";
  static final String MOSQUITTO = "mosquitto";

  private final BenchConfig config;
  private final Cleanup cleanup;

  Systems(BenchConfig config, Cleanup cleanup) {
    this.config = config;
    this.cleanup = cleanup;
  }

  /** The appliance first, then the baselines when they are on. */
  List<String> names() {
    List<String> names = new ArrayList<>(List.of(APPLIANCE));
    if (config.baselines()) {
      names.add(MOQUETTE);
      if (config.mosquitto() != null) {
        names.add(MOSQUITTO);
      }
    }
    return names;
  }

  /** True when the benchmark starts the appliance itself (no {@code --target}). */
  boolean launchesAppliance() {
    return config.target() == null;
  }

  SystemUnderTest start(String name) {
    return start(name, List.of());
  }

  /**
   * @param extraJvmOptions added to the appliance's JVM options, such as for a soak
   */
  SystemUnderTest start(String name, List<String> extraJvmOptions) {
    return switch (name) {
      case APPLIANCE -> config.target() != null ? running()
          : ApplianceProcess.start(new ApplianceProcess.Options(config.repo(),
              config.jvmOptions(), extraJvmOptions, config.device(), config.adminPassword()),
              cleanup);
      case MOQUETTE -> BareMoquetteProcess.start(config.jvmOptions(), config.device(), cleanup);
      case MOSQUITTO -> MosquittoProcess.start(config.mosquitto(), config.device(), cleanup);
      default -> throw new IllegalArgumentException("unknown system " + name);
    };
  }

  private SystemUnderTest running() {
    String[] parts = config.target().split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException("--target must be HOST:MQTT_PORT:HTTP_PORT, was "
          + config.target());
    }
    return new RunningAppliance(parts[0], Integer.parseInt(parts[1]),
        Integer.parseInt(parts[2]), config.targetPid());
  }
}
