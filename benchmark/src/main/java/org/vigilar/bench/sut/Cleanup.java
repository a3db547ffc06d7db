package org.vigilar.bench.sut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything the benchmark leaves behind: child processes and temporary directories. Closed
 * at the end of a run, and by a shutdown hook if the run is interrupted (Ctrl-C), so that no
 * broker or appliance outlives the benchmark.
 */
public final class Cleanup implements AutoCloseable {

  private final Deque<AutoCloseable> items = new ArrayDeque<>();
  private final Thread hook = new Thread(this::closeAll, "bench-cleanup");
  private boolean closed;

  public Cleanup() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Stops {@code process} when the run ends; returns it. */
  public synchronized ChildProcess track(ChildProcess process) {
    items.push(process);
    return process;
  }

  /** A new directory under the system's temporary directory, deleted when the run ends. */
  public synchronized Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      items.push(() -> deleteTree(dir));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  private synchronized void closeAll() {
    if (closed) {
      return;
    }
    closed = true;
    while (!items.isEmpty()) {
      try {
        items.pop().close();
      } catch (Exception e) {
        System.err.println("bench: cleanup step failed: " + e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    closeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or ran.
    }
  }

  /** Deletes {@code dir} and everything below it. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
