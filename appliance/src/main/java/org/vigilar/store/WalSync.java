package org.vigilar.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes commits durable on disk shortly after they return, and checkpoints the WAL, off the
 * writer's path.
 *
 * <p>The writer commits with {@code synchronous=NORMAL}: a commit survives the process dying at
 * once, and this thread syncs the WAL file within {@value #SYNC_DELAY_MS} ms of it, so only a
 * power cut in that window can lose it. Syncing at every commit instead would put a disk flush
 * (about a millisecond here, several at the tail) on the path of every event.
 */
final class WalSync implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WalSync.class);
  private static final long SYNC_DELAY_MS = 20;
  private static final long CHECKPOINT_EVERY_MS = 1_000;

  private final Path wal;
  private final Connection checkpointer;
  private final Thread thread;
  private final Object lock = new Object();
  private boolean dirty;
  private boolean closed;
  private FileChannel channel;
  private long lastCheckpointNanos = System.nanoTime();
  private boolean failing;

  /**
   * @param checkpointer a connection of its own, used to checkpoint so the writer never does
   */
  WalSync(Path databaseFile, Connection checkpointer) {
    this.wal = databaseFile.resolveSibling(databaseFile.getFileName() + "-wal");
    this.checkpointer = checkpointer;
    this.thread = new Thread(this::run, "vigilar-wal-sync");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Called after each commit. */
  void committed() {
    synchronized (lock) {
      if (!dirty) {
        dirty = true;
        lock.notifyAll();
      }
    }
  }

  private void run() {
    while (awaitDirty()) {
      try {
        TimeUnit.MILLISECONDS.sleep(SYNC_DELAY_MS);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (lock) {
        dirty = false;
      }
      syncQuietly();
      if (System.nanoTime() - lastCheckpointNanos >= CHECKPOINT_EVERY_MS * 1_000_000) {
        checkpointQuietly();
        lastCheckpointNanos = System.nanoTime();
      }
    }
  }

  private boolean awaitDirty() {
    synchronized (lock) {
      while (!dirty && !closed) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          return false;
        }
      }
      return !closed;
    }
  }

  private void syncQuietly() {
    try {
      if (channel == null) {
        channel = FileChannel.open(wal, StandardOpenOption.READ);
      }
      channel.force(false);
      recovered();
    } catch (NoSuchFileException e) {
      // No WAL yet: nothing to sync.
    } catch (IOException e) {
      failed("cannot sync " + wal + ": " + e.getMessage());
    }
  }

  private void checkpointQuietly() {
    try (Statement st = checkpointer.createStatement()) {
      // PASSIVE never waits for the writer or the readers; what it cannot copy now waits.
      st.execute("PRAGMA wal_checkpoint(PASSIVE)");
      recovered();
    } catch (SQLException e) {
      failed("checkpoint of " + wal + " failed: " + e.getMessage());
    }
  }

  private void failed(String why) {
    if (!failing) {
      failing = true;
      log.error("Database durability at risk: {}", why);
    }
  }

  private void recovered() {
    if (failing) {
      failing = false;
      log.warn("Database syncs work again ({})", wal);
    }
  }

  /** Stops after a last sync; the caller then closes the database, which checkpoints. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    syncQuietly();
    try {
      if (channel != null) {
        channel.close();
      }
      checkpointer.close();
    } catch (IOException | SQLException e) {
      log.debug("Closing the WAL syncer: {}", e.getMessage());
    }
  }
}
