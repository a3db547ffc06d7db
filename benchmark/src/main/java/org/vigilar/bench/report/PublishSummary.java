package org.vigilar.bench.report;

/**
 * The sending side of a step, over its measured window.
 *
 * @param sent messages handed to the MQTT clients
 * @param acked messages the broker acknowledged (PUBACK)
 * @param failed messages that failed or were never acknowledged
 * @param sentRate messages sent per second
 * @param lagP99Ms how late the pacer sent, 99th percentile; large values mean the load
 *     generator could not keep the rate (its latency is still counted from the intended time)
 * @param capped true when the step ran out of sequence numbers before its end
 */
public record PublishSummary(long sent, long acked, long failed, double sentRate,
    double lagP99Ms, double lagMaxMs, boolean capped) {
}
