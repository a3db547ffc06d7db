package org.vigilar.bench;

import java.util.ArrayList;
import java.util.List;
import org.vigilar.bench.report.SearchResult;
import org.vigilar.bench.report.StepResult;

/**
 * Finds the highest rate a system sustains: steps the rate up by a factor until a step fails
 * (loss, p99 over the limit, or the rate not delivered), tries once halfway between the last
 * pass and the first failure, then runs one step as fast as possible for the ceiling.
 */
final class RateSearch {

  private final BenchConfig config;
  private final StepRunner runner;

  RateSearch(BenchConfig config, StepRunner runner) {
    this.config = config;
    this.runner = runner;
  }

  SearchResult run(Session session, StepSpec template) throws InterruptedException {
    List<StepResult> steps = new ArrayList<>();
    double passed = 0;
    double failed = 0;
    double rate = config.searchStart();
    while (steps.size() < config.searchSteps() && rate <= config.searchMax()) {
      StepResult r = runner.run(session, template.withRate(Math.round(rate)));
      steps.add(r);
      if (!r.passed()) {
        failed = rate;
        break;
      }
      passed = rate;
      rate *= config.searchFactor();
    }
    if (failed > 0 && passed > 0 && steps.size() < config.searchSteps()) {
      double mid = Math.round((passed + failed) / 2);
      StepResult r = runner.run(session, template.withRate(mid));
      steps.add(r);
      if (r.passed()) {
        passed = mid;
      }
    }
    StepResult saturation = null;
    if (config.saturation()) {
      saturation = runner.run(session, template.withRate(0));
    }
    return new SearchResult(session.system().name(), template.receivers(),
        template.p99LimitMs(), Math.round(passed), steps, saturation);
  }
}
