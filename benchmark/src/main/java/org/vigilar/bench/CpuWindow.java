package org.vigilar.bench;

import java.util.concurrent.locks.LockSupport;
import org.vigilar.bench.report.CpuUse;
import org.vigilar.bench.sut.ProcStats;
import org.vigilar.bench.traffic.Epoch;

/**
 * Reads the CPU time of the system and of the benchmark itself at the start and at the end of
 * the measured window, from a thread of its own so the publishers are not disturbed.
 */
final class CpuWindow {

  private final long systemPid;
  private final long selfPid = ProcStats.self();
  private final Thread thread;
  private long systemStart = -1;
  private long systemEnd = -1;
  private long selfStart;
  private long selfEnd;
  private long wallStart;
  private long wallEnd;
  private long rssStartKb = -1;

  /** Starts watching; {@code systemPid} may be -1 when the system's process is unknown. */
  CpuWindow(long systemPid, Epoch epoch, long fromNanos, long toNanos) {
    this.systemPid = systemPid;
    this.thread = new Thread(() -> {
      sleepUntil(epoch, fromNanos);
      wallStart = System.nanoTime();
      systemStart = systemPid > 0 ? ProcStats.cpuNanos(systemPid) : -1;
      selfStart = ProcStats.cpuNanos(selfPid);
      rssStartKb = systemPid > 0 ? ProcStats.rssKb(systemPid) : -1;
      sleepUntil(epoch, toNanos);
      wallEnd = System.nanoTime();
      systemEnd = systemPid > 0 ? ProcStats.cpuNanos(systemPid) : -1;
      selfEnd = ProcStats.cpuNanos(selfPid);
    }, "bench-cpu");
    thread.setDaemon(true);
    thread.start();
  }

  private static void sleepUntil(Epoch epoch, long at) {
    for (long wait = at - epoch.nanos(); wait > 0; wait = at - epoch.nanos()) {
      LockSupport.parkNanos(wait);
    }
  }

  /** Waits for the window's end and returns the CPU used in it. */
  CpuUse result() throws InterruptedException {
    thread.join();
    double wall = wallEnd - wallStart;
    Double system = systemStart >= 0 && systemEnd >= 0 && wall > 0
        ? round((systemEnd - systemStart) / wall) : null;
    double self = wall > 0 ? round((selfEnd - selfStart) / wall) : 0;
    return new CpuUse(system, self, Runtime.getRuntime().availableProcessors());
  }

  /** Resident memory of the system when the window began, or null. */
  Long rssStartKb() {
    return rssStartKb < 0 ? null : rssStartKb;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
