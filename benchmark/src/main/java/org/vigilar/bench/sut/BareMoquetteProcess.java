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

/** {@link BareMoquette} in its own JVM, with the appliance's packaged JVM options. */
public final class BareMoquetteProcess implements SystemUnderTest {

  private final ChildProcess process;
  private final Path dir;
  private final int port;
  private final Launch launch;

  private BareMoquetteProcess(ChildProcess process, Path dir, int port, Launch launch) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.launch = launch;
  }

  /**
   * Starts the broker and returns once its port accepts connections.
   *
   * @param device the one user allowed in, or anonymous to let everyone in
   */
  public static BareMoquetteProcess start(List<String> jvmOptions, Credentials device,
      Cleanup cleanup) {
    Path dir = cleanup.tempDir("vigilar-bench-moquette-");
    int port = FreePorts.next();
    List<String> command = new ArrayList<>();
    command.add(ApplianceProcess.javaBinary());
    command.addAll(jvmOptions);
    command.add("-Dlogback.configurationFile=bench-logback.xml");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BareMoquette.class.getName());
    command.add(Integer.toString(port));
    command.add(dir.resolve("work").toString());
    Map<String, String> env = new HashMap<>();
    env.put("BENCH_MQTT_USERNAME", device.username());
    env.put("BENCH_MQTT_PASSWORD", device.password());

    long start = System.nanoTime();
    ChildProcess process = cleanup.start("bare Moquette", command, env, dir,
        dir.resolve("moquette.log"));
    double ready = Readiness.port(process, new InetSocketAddress("127.0.0.1", port), start);
    return new BareMoquetteProcess(process, dir, port, new Launch(ready, null));
  }

  @Override
  public String name() {
    return "moquette";
  }

  @Override
  public String mqttUri() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public InetSocketAddress http() {
    return null;
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
