package org.vigilar.bench.report;

/**
 * CPU used during a step's measured window, in cores (1.0 = one core busy all the time).
 *
 * @param system the system under test, or null when its process is unknown
 * @param generator the benchmark's own process: publishers and receivers
 * @param processors cores of the machine; a share of the machine is cores / processors
 */
public record CpuUse(Double system, double generator, int processors) {
}
