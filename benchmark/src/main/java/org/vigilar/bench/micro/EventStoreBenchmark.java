package org.vigilar.bench.micro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vigilar.bench.sut.Cleanup;
import org.vigilar.events.Event;
import org.vigilar.events.EventDraft;
import org.vigilar.events.EventStore;
import org.vigilar.events.Severity;
import org.vigilar.store.Database;

/**
 * {@link EventStore#insert} of one batch inside one {@link Database#write} transaction, the
 * appliance's group commit, on a real SQLite file with the appliance's settings (WAL,
 * synchronous NORMAL). The score is per batch; divide by {@code batch} for the cost per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dlogback.configurationFile=bench-logback.xml")
public class EventStoreBenchmark {

  /** Events per transaction. */
  @Param({"1", "16", "128", "1024"})
  int batch;

  private Path dir;
  private Database db;
  private EventStore store;
  private List<EventDraft> drafts;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("vigilar-jmh-store-");
    db = Database.open(dir.resolve("vigilar.db"));
    store = new EventStore(db);
    drafts = new ArrayList<>(batch);
    Instant now = Instant.parse("2026-12-03T12:00:00Z");
    for (int i = 0; i < batch; i++) {
      drafts.add(new EventDraft(now, "contact_open", Severity.INFO, "sensor-" + (i % 1000),
          "{\"state\":\"open\",\"bench_seq\":" + i + ",\"bench_t\":123456789}"));
    }
  }

  @Benchmark
  public List<Event> insertBatch() {
    return db.write(tx -> store.insert(tx, drafts));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    db.close();
    Cleanup.deleteTree(dir);
  }
}
