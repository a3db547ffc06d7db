package org.vigilar.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigilar.metrics.Metrics;
import org.vigilar.testing.LogCapture;

class InputProblemsTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Metrics metrics = new Metrics();
  private final InputProblems problems = new InputProblems(metrics, nanos::get);
  private final LogCapture log = LogCapture.of(InputProblems.class.getName());

  @AfterEach
  void closeLog() {
    log.close();
  }

  private void report(ProblemKind kind, String source) {
    problems.report(new InputProblem(kind, source, "detail of " + kind), "vigilar/x/" + source);
  }

  private long count(ProblemKind kind) {
    return metrics.count(InputProblems.METRIC, "kind", kind.wireName());
  }

  private void advance(long amount, TimeUnit unit) {
    nanos.addAndGet(unit.toNanos(amount));
  }

  @Test
  void everyProblemIsCountedByKind() {
    for (int i = 0; i < 5; i++) {
      report(ProblemKind.MALFORMED_JSON, "a");
    }
    report(ProblemKind.OVERSIZED, "a");
    assertEquals(5, count(ProblemKind.MALFORMED_JSON));
    assertEquals(1, count(ProblemKind.OVERSIZED));
    assertEquals(0, count(ProblemKind.BAD_TOPIC));
    assertTrue(metrics.render().contains(
        "vigilar_input_problems_total{kind=\"malformed_json\"} 5\n"));
  }

  @Test
  void repeatsOfOneKindAndSourceAreLoggedOncePerMinute() {
    for (int i = 0; i < 100; i++) {
      report(ProblemKind.MALFORMED_JSON, "a");
      advance(500, TimeUnit.MILLISECONDS);
    }
    assertEquals(1, log.messages().size(), () -> log.messages().toString());
    assertEquals(100, count(ProblemKind.MALFORMED_JSON));

    advance(10, TimeUnit.SECONDS);
    report(ProblemKind.MALFORMED_JSON, "a");
    assertEquals(2, log.messages().size(), "a minute after the first line, the next is logged");
  }

  @Test
  void otherKindsAndSourcesHaveTheirOwnAllowance() {
    report(ProblemKind.MALFORMED_JSON, "a");
    report(ProblemKind.MALFORMED_JSON, "b");
    report(ProblemKind.BINARY_PAYLOAD, "a");
    report(ProblemKind.MALFORMED_JSON, "a");
    assertEquals(3, log.messages().size());
  }

  @Test
  void justUnderAMinuteIsStillQuiet() {
    report(ProblemKind.BAD_STATE, "a");
    advance(TimeUnit.MINUTES.toNanos(1) - 1, TimeUnit.NANOSECONDS);
    report(ProblemKind.BAD_STATE, "a");
    assertEquals(1, log.messages().size());
    advance(1, TimeUnit.NANOSECONDS);
    report(ProblemKind.BAD_STATE, "a");
    assertEquals(2, log.messages().size());
  }

  @Test
  void logLineNamesSourceTopicKindAndDetail() {
    problems.report(new InputProblem(ProblemKind.UNKNOWN_KIND, "kitchen", "unknown sensor kind"),
        "vigilar/sensors/kitchen/\nlaser");
    String line = log.messages().get(0);
    assertTrue(line.contains("kitchen"), line);
    assertTrue(line.contains("vigilar/sensors/kitchen/?laser"), line);
    assertTrue(line.contains("unknown_kind"), line);
    assertTrue(line.contains("unknown sensor kind"), line);
  }

  @Test
  void manySourcesDoNotGrowTheMemoryOrSilenceNewOnes() {
    for (int i = 0; i < 5_000; i++) {
      report(ProblemKind.BAD_TOPIC, "source-" + i);
    }
    assertEquals(5_000, log.messages().size());
    assertEquals(5_000, count(ProblemKind.BAD_TOPIC));
  }
}
