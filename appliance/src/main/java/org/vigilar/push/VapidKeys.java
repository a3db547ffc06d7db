package org.vigilar.push;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's VAPID key pair (P-256), made at first start and kept in one file only the
 * owner may read. Push services tie every subscription to the public key, so losing the file
 * means every browser has to subscribe again.
 *
 * <p>Made and read with the JDK's own EC support, so an appliance that sends no alert never
 * loads BouncyCastle; see {@link P256}.
 */
final class VapidKeys {

  private static final Logger log = LoggerFactory.getLogger(VapidKeys.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final KeyPair pair;
  private final String publicKey;

  private VapidKeys(KeyPair pair) {
    this.pair = pair;
    this.publicKey = B64.encodeToString(P256.encodePublic(pair.getPublic()));
  }

  /**
   * Reads the key pair from {@code file}, or makes one and writes it there, owner-only.
   *
   * @throws IllegalStateException when the file exists but holds no valid key pair
   * @throws UncheckedIOException when the file cannot be read or written
   */
  static VapidKeys loadOrCreate(Path file, SecureRandom random) {
    if (Files.exists(file)) {
      VapidKeys keys = read(file);
      tighten(file);
      return keys;
    }
    VapidKeys keys = new VapidKeys(generate(random));
    write(file, keys);
    log.info("Made a new VAPID key pair in {}", file);
    return keys;
  }

  KeyPair pair() {
    return pair;
  }

  /** The public key as browsers take it for {@code applicationServerKey}: base64url, raw. */
  String publicKey() {
    return publicKey;
  }

  private static KeyPair generate(SecureRandom random) {
    try {
      return P256.generate(random);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a VAPID key pair: " + e.getMessage(), e);
    }
  }

  private static VapidKeys read(Path file) {
    Properties props = new Properties();
    try {
      props.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the VAPID keys in " + file, e);
    }
    String publicText = props.getProperty("public");
    String privateText = props.getProperty("private");
    if (publicText == null || privateText == null) {
      throw new IllegalStateException(file + " must hold 'public' and 'private' VAPID keys;"
          + " move it away to make a new pair (browsers then subscribe again)");
    }
    try {
      KeyPair pair = new KeyPair(P256.decodePublic(B64D.decode(publicText.strip())),
          P256.decodePrivate(B64D.decode(privateText.strip())));
      if (!P256.belongTogether(pair)) {
        throw new IllegalStateException("the VAPID keys in " + file + " do not belong together");
      }
      return new VapidKeys(pair);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("the VAPID keys in " + file + " are not valid P-256 keys: "
          + e.getMessage(), e);
    }
  }

  private static void write(Path file, VapidKeys keys) {
    String text = "# Vigilar VAPID key pair (P-256, base64url). Keep it private: it signs alerts.\n"
        + "public=" + keys.publicKey + "\n"
        + "private=" + B64.encodeToString(P256.encodePrivate(keys.pair.getPrivate()))
        + "\n";
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(temp);
      createOwnerOnly(temp);
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the VAPID keys to " + file, e);
    }
  }

  /** Creates the file with owner-only permissions from the start, never briefly readable. */
  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
      log.warn("{} cannot have POSIX permissions here; protect the data directory instead", file);
    }
  }

  /** Takes group and other permissions away from a key file that has them. */
  private static void tighten(Path file) {
    try {
      Set<PosixFilePermission> current = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(current)) {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        log.warn("{} was readable by others; made it owner-only", file);
      }
    } catch (UnsupportedOperationException e) {
      log.debug("{} has no POSIX permissions to check", file);
    } catch (FileSystemException e) {
      log.warn("Cannot make {} owner-only: {}", file, e.getMessage());
    } catch (IOException e) {
      log.warn("Cannot check the permissions of {}: {}", file, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "VapidKeys[public=" + publicKey + ", private=***]";
  }
}
