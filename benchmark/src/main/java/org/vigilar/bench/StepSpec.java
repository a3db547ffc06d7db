package org.vigilar.bench;

import java.time.Duration;

/**
 * One measurement to make.
 *
 * @param key names the measurement across systems, such as {@code rate1000x50}
 * @param rate messages per second, or 0 for as fast as possible
 * @param receivers SSE clients on the appliance, MQTT subscribers on a broker
 * @param reconnectMean mean time between an SSE client's random reconnects, or null for none
 * @param p99LimitMs the step passes with no loss and a p99 at most this
 */
record StepSpec(String key, double rate, int receivers, Duration warmup,
    Duration duration, Duration reconnectMean, double p99LimitMs) {

  StepSpec {
    if (rate < 0 || receivers < 1) {
      throw new IllegalArgumentException("step " + key + ": rate must be 0 or more and"
          + " receivers at least 1, were " + rate + " and " + receivers);
    }
    if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
      throw new IllegalArgumentException("step " + key + ": duration must be positive and"
          + " warm-up not negative");
    }
  }

  /** Such as {@code 1000/s to 50 clients}. */
  String label() {
    return (rate == 0 ? "unpaced" : Math.round(rate) + "/s") + " to " + receivers
        + (receivers == 1 ? " client" : " clients");
  }

  StepSpec withRate(double value) {
    return new StepSpec(key, value, receivers, warmup, duration, reconnectMean, p99LimitMs);
  }

  StepSpec withReceivers(int value) {
    return new StepSpec(key, rate, value, warmup, duration, reconnectMean, p99LimitMs);
  }
}
