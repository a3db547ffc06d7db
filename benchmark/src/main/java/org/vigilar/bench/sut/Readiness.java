package org.vigilar.bench.sut;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** Waits for a started process to serve, polling every few milliseconds. */
final class Readiness {

  static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long POLL_MS = 5;

  private Readiness() {
  }

  /** Milliseconds from {@code startNanos} until {@code port} accepts a connection. */
  static double port(ChildProcess process, InetSocketAddress port, long startNanos) {
    long deadline = startNanos + TIMEOUT_NANOS;
    while (System.nanoTime() < deadline) {
      requireAlive(process);
      try (Socket socket = new Socket()) {
        socket.connect(port, 200);
        return (System.nanoTime() - startNanos) / 1e6;
      } catch (IOException e) {
        pause();
      }
    }
    throw notReady(process, port + " accepting connections");
  }

  /** Milliseconds from {@code startNanos} until {@code GET path} answers 200 with text in it. */
  static double http(ChildProcess process, InetSocketAddress server, String path,
      String mustContain, long startNanos) {
    long deadline = startNanos + TIMEOUT_NANOS;
    while (System.nanoTime() < deadline) {
      requireAlive(process);
      try {
        HttpProbe.Response r = HttpProbe.send(server, "GET", path, null, 500);
        if (r.status() == 200 && r.body().contains(mustContain)) {
          return (System.nanoTime() - startNanos) / 1e6;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      pause();
    }
    throw notReady(process, "GET " + path + " answering 200 with " + mustContain);
  }

  private static void requireAlive(ChildProcess process) {
    if (!process.isAlive()) {
      throw new IllegalStateException(process.name() + " exited while starting; its log ends:\n"
          + process.logTail(30));
    }
  }

  private static IllegalStateException notReady(ChildProcess process, String what) {
    return new IllegalStateException(process.name() + " not ready (" + what + ") within "
        + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS) + " s; its log ends:\n"
        + process.logTail(30));
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a start", e);
    }
  }
}
