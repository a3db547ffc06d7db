package org.vigilar;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.config.Settings;
import org.vigilar.config.SettingsException;
import org.vigilar.config.SettingsLoader;
import org.vigilar.demo.DemoHouse;
import org.vigilar.logging.LogConfigurator;
import org.vigilar.security.AdminAccount;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code vigilar} command line. */
@Command(name = "vigilar", mixinStandardHelpOptions = true, version = "Vigilar 0.1.0",
    description = "Home-security appliance: MQTT broker, event store, live timeline, alerts.",
    subcommands = {Main.Run.class, Main.Demo.class, DeviceCommand.class, AdminCommand.class,
        TokenCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /** Options shared by the commands that load the settings. */
  static final class SettingsOptions {

    @Option(names = "--data-dir", description = "Data directory (default ./vigilar-data)")
    Path dataDir;

    @Option(names = "--config", description = "Settings file (default DATA_DIR/vigilar.yml)")
    Path config;

    @Option(names = "--mqtt-port", description = "MQTT port (default 1883)")
    Integer mqttPort;

    @Option(names = "--http-port", description = "HTTP port (default 8080)")
    Integer httpPort;

    Settings load() {
      Map<String, String> overrides = new HashMap<>();
      if (dataDir != null) {
        overrides.put("data_dir", dataDir.toString());
      }
      if (mqttPort != null) {
        overrides.put("mqtt.port", mqttPort.toString());
      }
      if (httpPort != null) {
        overrides.put("web.http_port", httpPort.toString());
      }
      return new SettingsLoader(System.getenv()).load(config, overrides);
    }
  }

  /** Runs until SIGTERM or Ctrl-C, then stops cleanly. */
  abstract static class Serve implements Callable<Integer> {

    @Mixin
    SettingsOptions options;

    @Override
    public Integer call() {
      Settings settings;
      try {
        settings = options.load();
      } catch (SettingsException e) {
        System.err.println("vigilar: " + e.getMessage());
        return 2;
      }
      // Logback reads this when the first logger is made, so it must be set before.
      String logs = settings.dataDir().resolve("logs").toString();
      System.setProperty(LogConfigurator.DIR_PROPERTY, logs);
      Logger log = LoggerFactory.getLogger(Main.class);

      Appliance appliance;
      try {
        appliance = Appliance.start(settings, Clock.systemUTC());
      } catch (RuntimeException e) {
        log.error("Vigilar could not start: {}", e.getMessage(), e);
        return 1;
      }
      AutoCloseable extra = afterStart(appliance, log);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        closeQuietly(extra, log);
        appliance.close();
        stopped.countDown();
      }, "vigilar-shutdown"));
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 0;
    }

    abstract AutoCloseable afterStart(Appliance appliance, Logger log);

    private static void closeQuietly(AutoCloseable closeable, Logger log) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("Stopping {} failed: {}", closeable, e.getMessage());
      }
    }
  }

  @Command(name = "run", description = "Run the appliance.")
  static final class Run extends Serve {

    @Override
    AutoCloseable afterStart(Appliance appliance, Logger log) {
      return () -> { };
    }
  }

  @Command(name = "demo", description = "Run the appliance with a simulated house.")
  static final class Demo extends Serve {

    @Override
    AutoCloseable afterStart(Appliance appliance, Logger log) {
      DemoHouse house = new DemoHouse("tcp://127.0.0.1:" + appliance.mqttPort(),
          appliance.internalCredential().username(), appliance.internalCredential().password());
      try {
        house.start();
      } catch (Exception e) {
        log.warn("Demo house could not start: {}", e.getMessage());
      }
      log.info("Open http://localhost:{}/ and sign in with the administrator password (printed"
          + " at first start; see {} while it exists) to watch the timeline", appliance.httpPort(),
          appliance.settings().dataDir().resolve(AdminAccount.PASSWORD_FILE));
      return house;
    }
  }
}
