package org.vigilar.bench.sut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A process the benchmark started, logging to a file; stopped on close. */
public final class ChildProcess implements AutoCloseable {

  private static final long STOP_TIMEOUT_S = 15;

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} with {@code env} on top of a copy of this process's environment
   * (a null value removes a variable), its output going to {@code log}.
   */
  static ChildProcess start(String name, List<String> command, Map<String, String> env,
      Path workDir, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    env.forEach((key, value) -> {
      if (value == null) {
        builder.environment().remove(key);
      } else {
        builder.environment().put(key, value);
      }
    });
    try {
      return new ChildProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** The last lines of its log, for an error message. */
  public String logTail(int lines) {
    Deque<String> tail = new ArrayDeque<>();
    try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
      all.forEach(line -> {
        tail.addLast(line);
        if (tail.size() > lines) {
          tail.removeFirst();
        }
      });
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
    return String.join("\n", tail);
  }

  /** Lines of its log that match. */
  public long countLogLines(Predicate<String> match) {
    try (Stream<String> all = Files.lines(log, StandardCharsets.ISO_8859_1)) {
      return all.filter(match).count();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  /**
   * Waits for it to exit by itself.
   *
   * @return its exit code, or -1 when it still runs after {@code timeoutSeconds}
   */
  public int await(long timeoutSeconds) throws InterruptedException {
    return process.waitFor(timeoutSeconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  /** Asks it to stop (SIGTERM), then kills it if it has not stopped within 15 s. */
  @Override
  public synchronized void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
