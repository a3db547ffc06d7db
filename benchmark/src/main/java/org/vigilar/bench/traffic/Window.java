package org.vigilar.bench.traffic;

/**
 * The messages one measurement counts. Times are nanoseconds since the run's epoch.
 *
 * @param firstSeq the first sequence number of the step; lower ones belong to earlier steps
 * @param capacity how many sequence numbers the step may use at most
 * @param startNanos when publishing starts (warm-up)
 * @param fromNanos messages intended from this time on are measured
 * @param toNanos publishing stops at this time
 */
public record Window(long firstSeq, int capacity, long startNanos, long fromNanos, long toNanos) {

  public Window {
    if (firstSeq < 0 || capacity < 1) {
      throw new IllegalArgumentException("bad window: first " + firstSeq + ", capacity "
          + capacity);
    }
    if (!(startNanos <= fromNanos && fromNanos < toNanos)) {
      throw new IllegalArgumentException("window times must increase: " + startNanos + ", "
          + fromNanos + ", " + toNanos);
    }
  }

  /** True when {@code nanos} is in the measured window; for a send time: a measured message. */
  public boolean measured(long nanos) {
    return nanos >= fromNanos && nanos < toNanos;
  }

  /** The message's index in this step, or -1 when it belongs to another step. */
  public int index(long seq) {
    long index = seq - firstSeq;
    return index >= 0 && index < capacity ? (int) index : -1;
  }

  public double measuredSeconds() {
    return (toNanos - fromNanos) / 1e9;
  }
}
