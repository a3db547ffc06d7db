package org.vigilar.bench.report;

import java.util.List;

/** Everything one benchmark run produced; written as {@code results.json}. */
public record RunResults(String startedAt, double elapsedSeconds, MachineInfo machine,
    RunSettings settings, List<ScenarioResult> scenarios, List<TargetCheck> targets) {
}
