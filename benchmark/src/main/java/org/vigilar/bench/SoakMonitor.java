package org.vigilar.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigilar.bench.report.SoakSample;
import org.vigilar.bench.sut.ProcStats;

/**
 * Samples the appliance's memory during a soak: resident size, heap after a full collection
 * ({@code jcmd GC.run}, then {@code jstat -gc}) and native "Other" memory, where direct
 * buffers are counted ({@code jcmd VM.native_memory}, which needs
 * {@code -XX:NativeMemoryTracking=summary}). The forced collections add a pause per sample;
 * that is the price of telling a leak from garbage not yet collected.
 */
final class SoakMonitor implements AutoCloseable {

  /** JVM options the appliance needs for this monitor and for Netty's leak reports. */
  static final List<String> JVM_OPTIONS = List.of("-XX:NativeMemoryTracking=summary",
      "-Dio.netty.leakDetection.level=paranoid");

  private static final Pattern OTHER =
      Pattern.compile("-\\s+Other \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
  private static final long TOOL_TIMEOUT_S = 30;

  private final long pid;
  private final long periodNanos;
  private final long startNanos = System.nanoTime();
  private final Path bin = Path.of(System.getProperty("java.home"), "bin");
  private final List<SoakSample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** Starts sampling {@code pid}; samples nothing when it is -1 (unknown). */
  SoakMonitor(long pid, long periodNanos) {
    this.pid = pid;
    this.periodNanos = periodNanos;
    this.thread = new Thread(this::run, "bench-soak-monitor");
    thread.setDaemon(true);
    if (pid > 0) {
      thread.start();
    }
  }

  private void run() {
    long next = System.nanoTime();
    while (running) {
      SoakSample sample = sample();
      synchronized (samples) {
        samples.add(sample);
      }
      next += periodNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private SoakSample sample() {
    double at = (System.nanoTime() - startNanos) / 1e9;
    tool("jcmd", Long.toString(pid), "GC.run");
    long[] heap = heap(tool("jstat", "-gc", Long.toString(pid)));
    Matcher m = OTHER.matcher(tool("jcmd", Long.toString(pid), "VM.native_memory", "summary"));
    long other = m.find() ? Long.parseLong(m.group(2)) : -1;
    return new SoakSample(Math.round(at * 10) / 10.0, ProcStats.rssKb(pid), heap[0], heap[1],
        other);
  }

  /** Used heap and used old generation in KiB from {@code jstat -gc}, or -1s. */
  static long[] heap(String jstat) {
    List<String> lines = jstat.lines().filter(l -> !l.isBlank()).toList();
    if (lines.size() < 2) {
      return new long[] {-1, -1};
    }
    List<String> names = List.of(lines.get(0).strip().split("\\s+"));
    String[] values = lines.get(1).strip().split("\\s+");
    try {
      double used = 0;
      for (String column : List.of("S0U", "S1U", "EU", "OU")) {
        used += Double.parseDouble(values[names.indexOf(column)]);
      }
      double old = Double.parseDouble(values[names.indexOf("OU")]);
      return new long[] {Math.round(used), Math.round(old)};
    } catch (RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  private String tool(String name, String... args) {
    List<String> command = new ArrayList<>();
    command.add(bin.resolve(name).toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(TOOL_TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "";
      }
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The samples so far. */
  List<SoakSample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /**
   * Growth of the lowest value from the first third of the samples to the last third, in KiB;
   * 0 with fewer than three samples.
   */
  static long growth(List<SoakSample> samples, ToLongFunction<SoakSample> f) {
    int third = samples.size() / 3;
    if (third == 0) {
      return 0;
    }
    long first = samples.subList(0, third).stream().mapToLong(f).filter(v -> v >= 0).min()
        .orElse(0);
    long last = samples.subList(samples.size() - third, samples.size()).stream().mapToLong(f)
        .filter(v -> v >= 0).min().orElse(0);
    return last - first;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(TOOL_TIMEOUT_S * 3));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
