package org.vigilar.bench.report;

/**
 * What one receiver (SSE client or MQTT subscriber) saw in a step's measured window.
 *
 * @param received distinct measured messages that arrived
 * @param arrivals distinct messages of the step that arrived, warm-up included
 * @param lastArrivalSeconds when the last one arrived, in seconds after publishing began
 * @param lost acknowledged measured messages that never arrived
 * @param duplicates messages that arrived more than once (whole step, warm-up included)
 * @param outOfOrder messages that arrived after a later one (by event id, or per publisher)
 * @param replayed messages sent while the client was away, delivered on its next connection;
 *     they count as received but not in the latency
 * @param foreign messages of other steps or runs, ignored
 */
public record ClientResult(int client, long received, long arrivals, double lastArrivalSeconds,
    long lost,
    long duplicates, long outOfOrder, long replayed, long foreign, long disconnects,
    long reconnects) {
}
