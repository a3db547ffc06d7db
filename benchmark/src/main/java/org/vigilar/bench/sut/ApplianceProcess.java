package org.vigilar.bench.sut;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.vigilar.bench.traffic.Credentials;

/**
 * The appliance in its own JVM, started by {@code ./vigilar run} with the packaged JVM
 * options, on free loopback ports and a fresh data directory, so that its CPU and memory are
 * its own.
 */
public final class ApplianceProcess implements SystemUnderTest {

  /**
   * @param repo the checkout, holding {@code appliance/target/vigilar.jar}
   * @param jvmOptions the packaged JVM options
   * @param extraJvmOptions added after them, such as native memory tracking for a soak
   * @param device the MQTT device to create before the start, or anonymous to allow anonymous
   *     devices instead
   * @param adminPassword the administrator password to set, or null
   */
  public record Options(Path repo, List<String> jvmOptions, List<String> extraJvmOptions,
      Credentials device, String adminPassword) {
  }

  private static final long DEVICE_ADD_TIMEOUT_S = 60;

  private final ChildProcess process;
  private final Path dir;
  private final int mqttPort;
  private final InetSocketAddress http;
  private final Launch launch;

  private ApplianceProcess(ChildProcess process, Path dir, int mqttPort, InetSocketAddress http,
      Launch launch) {
    this.process = process;
    this.dir = dir;
    this.mqttPort = mqttPort;
    this.http = http;
    this.launch = launch;
  }

  /** Starts the appliance and returns once {@code /healthz} answers and its bridge is live. */
  public static ApplianceProcess start(Options options, Cleanup cleanup) {
    Path dir = cleanup.tempDir("vigilar-bench-appliance-");
    Path data = dir.resolve("data");
    // Through the launcher, so its environment and class archive are measured too.
    List<String> java = List.of(options.repo().resolve("vigilar").toString());

    Map<String, String> env = environment(options);
    if (!options.device().isAnonymous()) {
      addDevice(java, env, data, options.device(), dir, cleanup);
    }

    int mqttPort = FreePorts.next();
    int httpPort = FreePorts.next();
    List<String> command = new ArrayList<>(java);
    command.addAll(List.of("run", "--data-dir", data.toString(),
        "--mqtt-port", Integer.toString(mqttPort), "--http-port", Integer.toString(httpPort)));
    long start = System.nanoTime();
    ChildProcess process = cleanup.start("appliance", command, env, dir,
        dir.resolve("appliance.log"));
    InetSocketAddress http = new InetSocketAddress("127.0.0.1", httpPort);
    double ready = Readiness.http(process, http, "/healthz", "\"status\":\"ok\"", start);
    double live = Readiness.http(process, http, "/healthz", "\"bridge\":\"live\"", start);
    return new ApplianceProcess(process, dir, mqttPort, http, new Launch(ready, live));
  }

  /** The appliance's environment: loopback only, no TLS listeners, nothing inherited. */
  private static Map<String, String> environment(Options options) {
    Map<String, String> env = new HashMap<>();
    System.getenv().keySet().stream().filter(k -> k.startsWith("VIGILAR_"))
        .forEach(k -> env.put(k, null));
    List<String> jvm = new ArrayList<>(options.jvmOptions());
    jvm.addAll(options.extraJvmOptions());
    env.put("VIGILAR_JAVA_OPTS", String.join(" ", jvm));
    env.put("VIGILAR_MQTT_HOST", "127.0.0.1");
    env.put("VIGILAR_WEB_HOST", "127.0.0.1");
    env.put("VIGILAR_MQTT_TLS_PORT", "-1");
    env.put("VIGILAR_WEB_HTTPS_PORT", "-1");
    env.put("VIGILAR_MQTT_ALLOW_ANONYMOUS", Boolean.toString(options.device().isAnonymous()));
    if (options.adminPassword() != null) {
      env.put("VIGILAR_ADMIN_PASSWORD", options.adminPassword());
    }
    return env;
  }

  /** Creates the benchmark's device with {@code vigilar device add}, allowed every sensor. */
  private static void addDevice(List<String> java, Map<String, String> env, Path data,
      Credentials device, Path dir, Cleanup cleanup) {
    List<String> command = new ArrayList<>(java);
    command.addAll(List.of("device", "add", device.username(), "--password", device.password(),
        "--publish", "vigilar/sensors/#"));
    Map<String, String> withData = new HashMap<>(env);
    withData.put("VIGILAR_DATA_DIR", data.toString());
    ChildProcess add = cleanup.start("vigilar device add", command, withData,
        dir, dir.resolve("device-add.log"));
    int exit;
    try {
      exit = add.await(DEVICE_ADD_TIMEOUT_S);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exit = -1;
    } finally {
      add.close();
    }
    if (exit != 0) {
      throw new IllegalStateException("'vigilar device add " + device.username()
          + "' failed (exit " + exit + "); does this appliance have the device command yet?"
          + " Its output:\n" + add.logTail(20));
    }
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public String name() {
    return "appliance";
  }

  @Override
  public String mqttUri() {
    return "tcp://127.0.0.1:" + mqttPort;
  }

  @Override
  public InetSocketAddress http() {
    return http;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public Launch launch() {
    return launch;
  }

  @Override
  public long logLines(Predicate<String> match) {
    return process.countLogLines(match);
  }

  @Override
  public void close() {
    process.close();
    try {
      Cleanup.deleteTree(dir);
    } catch (IOException e) {
      System.err.println("bench: cannot delete " + dir + ": " + e.getMessage());
    }
  }
}
