package org.vigilar.security;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.store.Database;

/**
 * The one administrator of the web app: a salted password hash in the store.
 *
 * <p>The password's revision grows with every change, so sessions opened before a change (even
 * one made by {@code vigilar admin password} in another process) stop working.
 */
public final class AdminAccount {

  /** The owner-only file that holds the password generated at first start. */
  public static final String PASSWORD_FILE = "admin-password.txt";
  public static final int MIN_LENGTH = 8;
  private static final Logger log = LoggerFactory.getLogger(AdminAccount.class);
  private static final long REVISION_CACHE_NANOS = 1_000_000_000L;

  private final Database db;
  private final Clock clock;
  private final SecureRandom random;
  private final LongSupplier nanos;
  private final AtomicLong cachedRevision = new AtomicLong(-1);
  private volatile long cachedAt;
  /** The start-up password work (a slow hash), done off the start path; logins wait for it. */
  private volatile CompletableFuture<Void> startWork = CompletableFuture.completedFuture(null);

  public AdminAccount(Database db, Clock clock, SecureRandom random, LongSupplier nanos) {
    this.db = db;
    this.clock = clock;
    this.random = random;
    this.nanos = nanos;
  }

  /** True once a password was ever set. */
  public boolean isSet() {
    return readRevision() > 0;
  }

  /**
   * Replaces the password.
   *
   * @throws IllegalArgumentException when it is shorter than {@value #MIN_LENGTH} characters
   */
  public void setPassword(char[] password) {
    if (password == null || password.length < MIN_LENGTH) {
      throw new IllegalArgumentException("the administrator password must have at least "
          + MIN_LENGTH + " characters");
    }
    String hash = PasswordHash.hash(password, random);
    long now = clock.millis();
    db.write(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "INSERT INTO admin_credential (id, password_hash, revision, updated_at)"
              + " VALUES (1, ?, 1, ?) ON CONFLICT (id) DO UPDATE SET"
              + " password_hash = excluded.password_hash, revision = revision + 1,"
              + " updated_at = excluded.updated_at")) {
        st.setString(1, hash);
        st.setLong(2, now);
        return st.executeUpdate();
      }
    });
    cachedRevision.set(-1);
  }

  /** Generates a new typeable password, stores its hash and returns it (show it once). */
  public Secret resetPassword() {
    Secret password = new Secret(Secrets.typeablePassword(random));
    setPassword(password.chars());
    return password;
  }

  /** Checks a password; slow by design (PBKDF2). */
  public boolean verify(char[] password) {
    startWork.join();
    return matches(password);
  }

  private boolean matches(char[] password) {
    String hash = db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "SELECT password_hash FROM admin_credential WHERE id = 1");
          ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
    return hash != null && PasswordHash.verify(password, hash);
  }

  /** The password's revision, 0 when none is set; read from the store at most once a second. */
  public long revision() {
    long now = nanos.getAsLong();
    long known = cachedRevision.get();
    if (known >= 0 && now - cachedAt < REVISION_CACHE_NANOS) {
      return known;
    }
    long fresh = readRevision();
    cachedAt = now;
    cachedRevision.set(fresh);
    return fresh;
  }

  private long readRevision() {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "SELECT revision FROM admin_credential WHERE id = 1");
          ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  /**
   * Makes sure there is a password at start: the preset one when given (replacing a different
   * stored one), else a generated one at first start, printed once to {@code console} and
   * written to an owner-only file in the data directory. Never logged.
   *
   * @throws IllegalArgumentException when the preset password is too short
   */
  public void atStart(AdminBootstrap bootstrap, Path dataDir) {
    char[] preset = bootstrap.presetPassword();
    if (preset != null) {
      if (preset.length < MIN_LENGTH) {
        PasswordHash.wipe(preset);
        throw new IllegalArgumentException("the administrator password must have at least "
            + MIN_LENGTH + " characters");
      }
      inBackground(() -> {
        if (!matches(preset)) {
          setPassword(preset);
          log.info("Administrator password set from {}", AdminBootstrap.ENV);
        }
        PasswordHash.wipe(preset);
      });
      return;
    }
    if (isSet()) {
      return;
    }
    Secret password = new Secret(Secrets.typeablePassword(random));
    Path file = dataDir.resolve(PASSWORD_FILE);
    SecretFiles.write(file, (password.reveal() + "\n").getBytes(StandardCharsets.UTF_8));
    inBackground(() -> setPassword(password.chars()));
    PrintStream console = bootstrap.console();
    console.println();
    console.println("  Vigilar administrator password (shown once): " + password.reveal());
    console.println("  Also in " + file.toAbsolutePath().normalize()
        + " (owner-only); delete that file once you have it.");
    console.println("  Change it with: ./vigilar admin password");
    console.println();
    console.flush();
    log.info("Generated the administrator password; it was printed to the console and written"
        + " to {}", file);
  }

  /**
   * Hashing takes most of a second on a small box; the rest of the start need not wait for it.
   * {@link #verify} waits, so a login never sees the old password.
   */
  private void inBackground(Runnable work) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    startWork = done;
    Thread thread = new Thread(() -> {
      try {
        work.run();
      } catch (RuntimeException e) {
        log.error("Cannot store the administrator password: {}", e.getMessage());
      } finally {
        done.complete(null);
      }
    }, "vigilar-admin-password");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits for the password work begun at start; for a clean stop and for tests. */
  public void awaitStartWork() {
    startWork.join();
  }

  /** Removes the first-start password file, which is stale after a change. */
  public static boolean forgetPasswordFile(Path dataDir) {
    try {
      return Files.deleteIfExists(dataDir.resolve(PASSWORD_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dataDir.resolve(PASSWORD_FILE), e);
    }
  }
}
