package org.vigilar.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets in the shapes the appliance hands out, and digests to look them up. */
public final class Secrets {

  private static final char[] TYPEABLE = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

  private Secrets() {
  }

  /** 144 random bits as 24 URL-safe characters: for device firmware settings. */
  public static String devicePassword(SecureRandom random) {
    return urlSafe(random, 18);
  }

  /**
   * About 100 random bits as four groups of five lowercase letters and digits, without the
   * look-alikes l, o, 0 and 1: easy to type on a phone.
   */
  public static String typeablePassword(SecureRandom random) {
    StringBuilder out = new StringBuilder(23);
    for (int i = 0; i < 20; i++) {
      if (i > 0 && i % 5 == 0) {
        out.append('-');
      }
      out.append(TYPEABLE[random.nextInt(TYPEABLE.length)]);
    }
    return out.toString();
  }

  /** An API token: a recognisable prefix and 256 random bits. */
  public static String apiToken(SecureRandom random) {
    return "vgl_" + urlSafe(random, 32);
  }

  /** {@code bytes} random bytes, base64url without padding. */
  public static String urlSafe(SecureRandom random, int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** SHA-256 of a high-entropy secret, in hex: enough to store tokens and session ids. */
  public static String sha256Hex(String secret) {
    return HexFormat.of().formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8)));
  }

  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
