package org.vigilar.bench.report;

import java.util.List;

/**
 * One measurement: a fixed rate (or as fast as possible) into one system, with its receivers.
 *
 * @param system {@code appliance}, {@code moquette} (bare embedded broker) or
 *     {@code mosquitto}
 * @param key names the measurement across systems, such as {@code rate1000x50}
 * @param label what the step is for, such as {@code 1000/s to 50 clients}
 * @param rate messages per second asked for, or 0 for as fast as possible
 * @param receivers SSE clients (appliance) or MQTT subscribers (brokers)
 * @param deliveredRate measured messages received per second, per receiver on average
 * @param receiveRate messages of the step (warm-up included) received per second from the
 *     start of publishing to the last arrival, per receiver: the throughput of an unpaced step,
 *     whose late messages would otherwise count at the rate they were sent
 * @param passed whether the step met its criteria: no loss and p99 within the limit
 * @param errors the first problems the clients reported
 */
public record StepResult(String system, String key, String label, double rate, int receivers,
    double measuredSeconds, PublishSummary publish, double deliveredRate, double receiveRate,
    LatencySummary latency, ClientsSummary clients, CpuUse cpu, MemoryUse memory,
    double p99LimitMs, boolean passed, List<String> errors) {
}
