package org.vigilar.bench.sut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.vigilar.bench.traffic.Credentials;

/**
 * Mosquitto (Debian's package) as the comparison broker, on a free loopback port with a
 * generated configuration: no persistence, and queues as deep as the embedded broker's session
 * queues so neither drops messages the other would keep.
 */
public final class MosquittoProcess implements SystemUnderTest {

  private final ChildProcess process;
  private final Path dir;
  private final int port;
  private final Launch launch;

  private MosquittoProcess(ChildProcess process, Path dir, int port, Launch launch) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.launch = launch;
  }

  /** The first line of {@code mosquitto -h}, such as "mosquitto version 2.0.11". */
  public static String version(Path binary) {
    try {
      Process p = new ProcessBuilder(binary.toString(), "-h").redirectErrorStream(true).start();
      String first = new String(p.getInputStream().readAllBytes()).lines().findFirst()
          .orElse("unknown");
      p.waitFor(5, TimeUnit.SECONDS);
      return first.strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + binary + " (apt-get install mosquitto)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /**
   * Starts Mosquitto and returns once its port accepts connections.
   *
   * @param device the one user allowed in, or anonymous to let everyone in
   */
  public static MosquittoProcess start(Path binary, Credentials device, Cleanup cleanup) {
    Path dir = cleanup.tempDir("vigilar-bench-mosquitto-");
    int port = FreePorts.next();
    StringBuilder config = new StringBuilder()
        .append("listener ").append(port).append(" 127.0.0.1\n")
        .append("persistence false\n")
        // Started as root it would switch to the mosquitto user, which cannot read this file.
        .append("user ").append(System.getProperty("user.name")).append('\n')
        .append("max_queued_messages 16384\n")
        .append("log_dest stderr\nlog_type error\nlog_type warning\n");
    if (device.isAnonymous()) {
      config.append("allow_anonymous true\n");
    } else {
      Path passwords = dir.resolve("passwords");
      writePasswordFile(binary, passwords, device);
      config.append("allow_anonymous false\npassword_file ").append(passwords).append('\n');
    }
    Path conf = dir.resolve("mosquitto.conf");
    try {
      Files.writeString(conf, config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + conf, e);
    }

    long start = System.nanoTime();
    ChildProcess process = cleanup.start("mosquitto",
        List.of(binary.toString(), "-c", conf.toString()), Map.of(), dir,
        dir.resolve("mosquitto.log"));
    double ready = Readiness.port(process, new InetSocketAddress("127.0.0.1", port), start);
    return new MosquittoProcess(process, dir, port, new Launch(ready, null));
  }

  private static void writePasswordFile(Path binary, Path file, Credentials device) {
    Path tool = binary.resolveSibling("mosquitto_passwd");
    if (!Files.isExecutable(tool)) {
      tool = Path.of("/usr/bin/mosquitto_passwd");
    }
    try {
      Process p = new ProcessBuilder(tool.toString(), "-c", "-b", file.toString(),
          device.username(), device.password()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("mosquitto_passwd failed: " + out.strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + tool, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the password file", e);
    }
  }

  @Override
  public String name() {
    return "mosquitto";
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
