package org.vigilar.classify;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.metrics.Metrics;

/**
 * Counts bad input by kind and logs at most one line per kind and source per minute, so a
 * misbehaving or hostile device cannot flood the log.
 */
public final class InputProblems {

  public static final String METRIC = "vigilar_input_problems_total";

  private static final Logger log = LoggerFactory.getLogger(InputProblems.class);
  private static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final int MAX_TRACKED = 4096;

  private final Metrics metrics;
  private final LongSupplier nanoTime;
  private final Map<String, Long> lastLogged = new HashMap<>();

  public InputProblems(Metrics metrics, LongSupplier nanoTime) {
    this.metrics = metrics;
    this.nanoTime = nanoTime;
    metrics.describe(METRIC, "Incoming MQTT messages that made no event, by problem kind");
  }

  /** Counts the problem and logs it unless the same kind and source was logged recently. */
  public void report(InputProblem problem, String topic) {
    metrics.counter(METRIC, "kind", problem.kind().wireName()).increment();
    if (shouldLog(problem.kind().wireName() + ' ' + problem.sourceId())) {
      log.warn("Ignored message from {} on {}: {} ({}); repeats are counted in {} for a minute",
          problem.sourceId(), Topics.printable(topic), problem.getMessage(),
          problem.kind().wireName(), METRIC);
    }
  }

  private synchronized boolean shouldLog(String key) {
    long now = nanoTime.getAsLong();
    Long last = lastLogged.get(key);
    if (last != null && now - last < QUIET_NANOS) {
      return false;
    }
    if (lastLogged.size() >= MAX_TRACKED) {
      forgetOld(now);
    }
    lastLogged.put(key, now);
    return true;
  }

  private void forgetOld(long now) {
    for (Iterator<Long> it = lastLogged.values().iterator(); it.hasNext(); ) {
      if (now - it.next() >= QUIET_NANOS) {
        it.remove();
      }
    }
    if (lastLogged.size() >= MAX_TRACKED) {
      lastLogged.clear();
    }
  }
}
