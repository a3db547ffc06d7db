package org.vigilar.bench.report;

/**
 * How a run was set up, so that it can be repeated.
 *
 * @param command the command line that produced the run
 * @param systemJvmOptions JVM options of the appliance and of the bare Moquette broker
 * @param mqttUser the device the publishers logged in as, or null for anonymous
 * @param mosquitto version line of the Mosquitto binary, or null when it was not measured
 * @param baselineQos QoS of the broker-only subscribers; null in results written before the
 *     option existed, which all used QoS 1
 */
public record RunSettings(String command, String scenario, double warmupSeconds,
    double durationSeconds, int sensors, int publishers, int inflight, String systemJvmOptions,
    String mqttUser, boolean sessionLogin, String mosquitto, String target,
    Integer baselineQos) {

  /** The QoS the broker-only subscribers used. */
  public int subscriberQos() {
    return baselineQos == null ? 1 : baselineQos;
  }
}
