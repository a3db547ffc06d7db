package org.vigilar.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes (PBKDF2 with HMAC-SHA-256 from the JDK).
 *
 * <p>The encoded form {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} carries its own parameters, so
 * the iteration count can be raised later without invalidating stored hashes. One hash costs
 * about a tenth of a second on a desktop and several times that on a small board: never compute
 * one on a thread that serves other clients without a limit in front of it.
 */
public final class PasswordHash {

  /** OWASP's floor for PBKDF2-HMAC-SHA-256 is higher; 210 000 keeps a Pi login under a second. */
  public static final int ITERATIONS = 210_000;
  private static final String SCHEME = "pbkdf2-sha256";
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final int MIN_ITERATIONS = 1_000;

  private PasswordHash() {
  }

  /** Hashes {@code password} with a fresh random salt. */
  public static String hash(char[] password, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
        + b64.encodeToString(derive(password, salt, ITERATIONS, HASH_BITS));
  }

  /**
   * Checks {@code password} against an encoded hash in constant time.
   *
   * @return false for a wrong password and for a hash this class cannot read
   */
  public static boolean verify(char[] password, String encoded) {
    if (password == null || encoded == null) {
      return false;
    }
    String[] parts = encoded.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      if (iterations < MIN_ITERATIONS || expected.length == 0) {
        return false;
      }
      byte[] actual = derive(password, salt, iterations, expected.length * 8);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret((KeySpec) spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** Overwrites a password held in a char array once it is no longer needed. */
  public static void wipe(char[] password) {
    if (password != null) {
      Arrays.fill(password, '\0');
    }
  }
}
