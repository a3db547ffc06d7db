package org.vigilar.bench.micro;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vigilar.alarm.ArmMode;
import org.vigilar.broker.InboundPublish;
import org.vigilar.classify.Classifier;
import org.vigilar.classify.InputProblem;
import org.vigilar.classify.Outcome;
import org.vigilar.classify.SeverityPolicy;
import org.vigilar.sensors.SensorBook;

/**
 * {@link Classifier#classify} on the benchmark's own traffic: contact sensors alternating open
 * and closed, so that every message is a change and becomes an event, as in the load
 * benchmark. The book is drained every 1,024 messages, as a batch commit would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dlogback.configurationFile=bench-logback.xml")
public class ClassifierBenchmark {

  private static final int BATCH = 1024;

  /** Distinct sensors the messages cycle through. */
  @Param({"1000"})
  int sensors;

  /** {@code json}: a JSON payload with extra fields; {@code literal}: a bare "open". */
  @Param({"json", "literal"})
  String payload;

  private Classifier classifier;
  private SensorBook book;
  private InboundPublish[][] messages;
  private long n;

  @Setup
  public void setUp() {
    classifier = new Classifier(new SeverityPolicy(() -> ArmMode.DISARMED));
    book = new SensorBook();
    Instant now = Instant.parse("2026-12-03T12:00:00Z");
    messages = new InboundPublish[2][sensors];
    for (int state = 0; state < 2; state++) {
      for (int s = 0; s < sensors; s++) {
        String value = state == 0 ? "open" : "closed";
        String body = payload.equals("json")
            ? "{\"state\":\"" + value + "\",\"bench_seq\":" + s + ",\"bench_t\":123456789}"
            : value;
        messages[state][s] = new InboundPublish("vigilar/sensors/s-" + s + "/contact",
            body.getBytes(StandardCharsets.UTF_8), "bench", "bench", false, now);
      }
    }
  }

  @Benchmark
  public Outcome classifyChange() throws InputProblem {
    long i = n++;
    int sensor = (int) (i % sensors);
    int state = (int) ((i / sensors) & 1);
    Outcome outcome = classifier.classify(messages[state][sensor], book);
    if ((i & (BATCH - 1)) == BATCH - 1) {
      book.drainChanges();
    }
    return outcome;
  }
}
