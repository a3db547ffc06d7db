package org.vigilar.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite file of the appliance: one writer connection, a few read-only connections.
 *
 * <p>SQLite allows one writer at a time, so every write goes through {@link #write}, which holds
 * the single writer connection for the length of one transaction. Readers use their own
 * connections and, thanks to WAL, never wait for a write in progress.
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private static final int READERS = 4;

  private final Path file;
  private final Connection writer;
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final List<Connection> allReaders = new ArrayList<>();
  private final WalSync walSync;
  /** The writer's statements kept prepared; only touched while holding the writer. */
  private final Map<String, PreparedStatement> prepared = new HashMap<>();
  private volatile boolean closed;

  private Database(Path file, Connection writer, WalSync walSync) {
    this.file = file;
    this.writer = writer;
    this.walSync = walSync;
  }

  /**
   * Opens (creating if needed) the database and brings its schema up to date.
   *
   * @throws StoreException when the file cannot be opened or a migration fails
   */
  public static Database open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + file, e);
    }
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    try {
      Connection writer = DriverManager.getConnection(url, writerConfig().toProperties());
      try (Statement st = writer.createStatement()) {
        // The WAL syncer checkpoints, so no commit ever pays for copying the WAL back.
        st.execute("PRAGMA wal_autocheckpoint = 0");
      }
      Connection checkpointer = DriverManager.getConnection(url,
          writerConfig().toProperties());
      Database db = new Database(file, writer, new WalSync(file.toAbsolutePath(),
          checkpointer));
      Migrations.apply(writer);
      for (int i = 0; i < READERS; i++) {
        Connection reader = DriverManager.getConnection(url, readerConfig().toProperties());
        db.readers.add(reader);
        db.allReaders.add(reader);
      }
      db.walSync.start();
      log.info("Database {} open, schema version {}", file, Migrations.currentVersion(writer));
      return db;
    } catch (SQLException e) {
      throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
    }
  }

  private static SQLiteConfig writerConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // NORMAL: a commit does not wait for the disk; WalSync syncs it within milliseconds.
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(5000);
    config.enforceForeignKeys(true);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    return config;
  }

  private static SQLiteConfig readerConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5000);
    return config;
  }

  public Path file() {
    return file;
  }

  /** Work done inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one write transaction and commits it; rolls back if it throws.
   *
   * @throws StoreException when the transaction fails (disk full, I/O error, constraint)
   */
  public <T> T write(Work<T> work) {
    synchronized (writer) {
      requireOpen();
      try {
        writer.setAutoCommit(false);
        try {
          T result = work.run(writer);
          writer.commit();
          walSync.committed();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly();
          throw e;
        } finally {
          writer.setAutoCommit(true);
        }
      } catch (SQLException e) {
        throw new StoreException("write to " + file + " failed: " + e.getMessage(), e);
      }
    }
  }

  /**
   * A statement on the writer connection, prepared at its first use and kept for the next
   * transactions: the statements of the event path run for every event, and preparing one
   * costs more than running it. Only for use inside {@link #write}; the caller must not close
   * it.
   *
   * @throws IllegalStateException when called outside a write on {@code tx}
   */
  public PreparedStatement prepared(Connection tx, String sql) throws SQLException {
    if (tx != writer || !Thread.holdsLock(writer)) {
      throw new IllegalStateException("a kept statement is only for the work of write()");
    }
    PreparedStatement statement = prepared.get(sql);
    if (statement == null) {
      statement = writer.prepareStatement(sql);
      prepared.put(sql, statement);
    }
    return statement;
  }

  /**
   * Runs {@code work} on a read-only connection that sees only committed data.
   *
   * @throws StoreException when the query fails
   */
  public <T> T read(Work<T> work) {
    requireOpen();
    Connection connection;
    try {
      connection = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a database connection", e);
    }
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException("read from " + file + " failed: " + e.getMessage(), e);
    } finally {
      readers.add(connection);
    }
  }

  private void rollbackQuietly() {
    try {
      writer.rollback();
    } catch (SQLException e) {
      log.warn("Rollback on {} failed: {}", file, e.getMessage());
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new StoreException("database " + file + " is closed", null);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (writer) {
      walSync.close();
      for (PreparedStatement statement : prepared.values()) {
        try {
          statement.close();
        } catch (SQLException e) {
          log.debug("Closing a kept statement failed: {}", e.getMessage());
        }
      }
      prepared.clear();
      closeQuietly(writer);
    }
    allReaders.forEach(Database::closeQuietly);
    log.info("Database {} closed", file);
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("Closing a database connection failed: {}", e.getMessage());
    }
  }
}
