package org.vigilar.bench.sut;

import java.util.concurrent.TimeUnit;

/**
 * Samples a process's resident memory in the background and keeps the peak: {@code VmHWM} is
 * a lifetime peak, so a step's own peak has to be sampled.
 */
public final class ResourceSampler implements AutoCloseable {

  private static final long PERIOD_MS = 100;

  private final long pid;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peakKb = -1;

  /** @param pid the process to watch, or -1 for none (samples nothing) */
  public ResourceSampler(long pid) {
    this.pid = pid;
    this.thread = new Thread(this::run, "bench-rss-sampler");
    thread.setDaemon(true);
    if (pid > 0) {
      thread.start();
    }
  }

  private void run() {
    while (running) {
      long rss = ProcStats.rssKb(pid);
      if (rss > peakKb) {
        peakKb = rss;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The highest sample so far, or null when nothing was sampled. */
  public Long peakKb() {
    return peakKb < 0 ? null : peakKb;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
