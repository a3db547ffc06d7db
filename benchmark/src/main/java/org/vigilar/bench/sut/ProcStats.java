package org.vigilar.bench.sut;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and resident memory of a Linux process, from {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status}.
 */
public final class ProcStats {

  /** Clock ticks per second of utime and stime; 100 on every Linux this runs on. */
  private static final long TICKS_PER_SECOND = ticksPerSecond();

  private ProcStats() {
  }

  /**
   * User plus system CPU time of {@code pid} in nanoseconds, or -1 when it cannot be read
   * (the process is gone).
   */
  public static long cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name may hold spaces and parentheses; the fields start after the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Current resident set size of {@code pid} in KiB, or -1. */
  public static long rssKb(long pid) {
    return statusKb(pid, "VmRSS:");
  }

  /** Highest resident set size {@code pid} ever had, in KiB, or -1. */
  public static long peakRssKb(long pid) {
    return statusKb(pid, "VmHWM:");
  }

  private static long statusKb(long pid, String key) {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
      for (String line : lines) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).replace("kB", "").strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** This JVM's process id. */
  public static long self() {
    return ProcessHandle.current().pid();
  }

  private static long ticksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return Long.parseLong(out);
      }
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}
