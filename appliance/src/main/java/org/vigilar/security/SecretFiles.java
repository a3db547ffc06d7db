package org.vigilar.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Files and directories that only the appliance's own user may read. */
public final class SecretFiles {

  private static final Logger log = LoggerFactory.getLogger(SecretFiles.class);
  public static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");

  private SecretFiles() {
  }

  /** Creates {@code dir} if needed and makes it owner-only (rwx------). */
  public static void ownerOnlyDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
      if (supportsPosix(dir) && !Files.getPosixFilePermissions(dir).equals(OWNER_DIR)) {
        Files.setPosixFilePermissions(dir, OWNER_DIR);
        log.info("Made {} readable by its owner only", dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create or protect directory " + dir, e);
    }
  }

  /** Makes an existing file owner-only (rw-------); no-op if it does not exist. */
  public static void restrict(Path file) {
    try {
      if (Files.exists(file) && supportsPosix(file)) {
        Files.setPosixFilePermissions(file, OWNER_FILE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict the permissions of " + file, e);
    }
  }

  /**
   * Writes {@code content} to {@code file} so that it is owner-only from its first byte: the
   * content goes to a fresh temporary file created with rw------- and is then moved in place.
   */
  public static void write(Path file, byte[] content) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      Path tmp = supportsPosix(dir)
          ? Files.createTempFile(dir, ".tmp-", ".part",
              PosixFilePermissions.asFileAttribute(OWNER_FILE))
          : Files.createTempFile(dir, ".tmp-", ".part");
      try {
        Files.write(tmp, content);
        move(tmp, file);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean supportsPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
