package org.vigilar.bench.sut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

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

  /**
   * Starts a process that is stopped when the run ends. Starting and tracking happen under the
   * same lock as the cleanup, so a process started while the run is interrupted is never left
   * behind.
   *
   * @throws IllegalStateException when the run is already ending
   */
  public synchronized ChildProcess start(String name, List<String> command,
      Map<String, String> env, Path workDir, Path log) {
    requireOpen();
    ChildProcess process = ChildProcess.start(name, command, env, workDir, log);
    items.push(process);
    return process;
  }

  /**
   * A new directory under the system's temporary directory, deleted when the run ends.
   *
   * @throws IllegalStateException when the run is already ending
   */
  public synchronized Path tempDir(String prefix) {
    requireOpen();
    try {
      Path dir = Files.createTempDirectory(prefix);
      items.push(() -> deleteTree(dir));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the benchmark is stopping");
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

  /**
   * Deletes {@code dir} and everything below it. Tolerates a concurrent delete of the same
   * tree (a system closing itself while the run is interrupted) and a file written while the
   * walk was under way.
   */
  public static void deleteTree(Path dir) throws IOException {
    for (int attempt = 1; attempt <= 3 && Files.exists(dir); attempt++) {
      try {
        walkAndDelete(dir);
      } catch (DirectoryNotEmptyException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static void walkAndDelete(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
