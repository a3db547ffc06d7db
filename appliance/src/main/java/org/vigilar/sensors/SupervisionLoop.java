package org.vigilar.sensors;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.vigilar.config.SupervisionSettings;
import org.vigilar.events.EventProcessor;

/** Has the {@link Supervisor} check the sensors regularly, on the event processor's thread. */
public final class SupervisionLoop implements AutoCloseable {

  private static final Duration LONGEST_PERIOD = Duration.ofSeconds(1);
  private static final Duration SHORTEST_PERIOD = Duration.ofMillis(20);

  private final Supervisor supervisor;
  private final EventProcessor processor;
  private final Duration period;
  private final ScheduledExecutorService timer;

  public SupervisionLoop(Supervisor supervisor, EventProcessor processor, Duration period) {
    this.supervisor = supervisor;
    this.processor = processor;
    this.period = period;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vigilar-supervision");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * A check period fine enough for the shortest configured time: a quarter of it, between
   * 20 ms and one second.
   */
  public static Duration periodFor(SupervisionSettings settings) {
    Duration shortest = Stream.concat(
            Stream.of(settings.grace(), settings.minBudget()),
            settings.kindBudgets().values().stream())
        .filter(d -> !d.isZero())
        .min(Duration::compareTo)
        .orElse(LONGEST_PERIOD)
        .dividedBy(4);
    if (shortest.compareTo(SHORTEST_PERIOD) < 0) {
      return SHORTEST_PERIOD;
    }
    return shortest.compareTo(LONGEST_PERIOD) > 0 ? LONGEST_PERIOD : shortest;
  }

  public void start() {
    // A full queue skips one check; the next one catches up.
    timer.scheduleWithFixedDelay(() -> processor.execute(supervisor::check),
        period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
