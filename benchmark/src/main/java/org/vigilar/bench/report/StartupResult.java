package org.vigilar.bench.report;

import java.util.List;

/**
 * How fast a system starts and how much memory it holds when idle.
 *
 * @param readyMs per launch, from process start to the first successful health check (the
 *     appliance's {@code /healthz}, a broker's accepting port)
 * @param liveMs per launch, until the appliance reports its bridge live; empty for brokers
 * @param idleRssKb resident memory after the settle time with no load, per launch
 */
public record StartupResult(String system, List<Double> readyMs, List<Double> liveMs,
    List<Long> idleRssKb, double settleSeconds) {

  public double medianReadyMs() {
    return median(readyMs);
  }

  public long medianIdleRssKb() {
    return Math.round(median(idleRssKb.stream().map(Long::doubleValue).toList()));
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }
}
