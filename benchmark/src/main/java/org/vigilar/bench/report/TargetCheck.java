package org.vigilar.bench.report;

/**
 * One target of the performance issue against what a run measured.
 *
 * @param pass null when the run did not measure it
 * @param versusMoquette the same measure on the bare embedded broker, with the ratio
 * @param versusMosquitto the same on Mosquitto, with the ratio
 */
public record TargetCheck(String target, String requirement, String measured, Boolean pass,
    String versusMoquette, String versusMosquitto) {
}
