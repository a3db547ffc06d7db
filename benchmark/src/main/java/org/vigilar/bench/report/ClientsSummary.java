package org.vigilar.bench.report;

import java.util.List;

/**
 * The receivers of a step together, and each one alone.
 *
 * @param perClient one entry per receiver
 */
public record ClientsSummary(int clients, long received, long arrivals,
    double lastArrivalSeconds, long lost,
    long duplicates, long outOfOrder, long replayed, long disconnects, long reconnects,
    int clientsWithLoss, long maxLostPerClient, List<ClientResult> perClient) {

  public static ClientsSummary of(List<ClientResult> results) {
    long received = 0;
    long arrivals = 0;
    double lastArrival = 0;
    long lost = 0;
    long duplicates = 0;
    long outOfOrder = 0;
    long replayed = 0;
    long disconnects = 0;
    long reconnects = 0;
    int withLoss = 0;
    long maxLost = 0;
    for (ClientResult r : results) {
      received += r.received();
      arrivals += r.arrivals();
      lastArrival = Math.max(lastArrival, r.lastArrivalSeconds());
      lost += r.lost();
      duplicates += r.duplicates();
      outOfOrder += r.outOfOrder();
      replayed += r.replayed();
      disconnects += r.disconnects();
      reconnects += r.reconnects();
      withLoss += r.lost() > 0 ? 1 : 0;
      maxLost = Math.max(maxLost, r.lost());
    }
    return new ClientsSummary(results.size(), received, arrivals, lastArrival, lost,
        duplicates, outOfOrder, replayed, disconnects, reconnects, withLoss, maxLost,
        List.copyOf(results));
  }

  /** No loss, no duplicate, nothing out of order. */
  public boolean clean() {
    return lost == 0 && duplicates == 0 && outOfOrder == 0;
  }
}
