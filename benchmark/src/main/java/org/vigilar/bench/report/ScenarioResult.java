package org.vigilar.bench.report;

import java.util.List;

/** One scenario of a run and everything it measured. */
public record ScenarioResult(String name, String description, List<StartupResult> startups,
    List<StepResult> steps, List<SearchResult> searches, SoakResult soak, List<String> notes) {
}
