package org.vigilar.security;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The MQTT credential of the appliance's own clients (bridge, demo house), made fresh at every
 * start and kept only in memory.
 */
public final class InternalCredential {

  public static final String USERNAME_PREFIX = "vigilar-internal-";

  private final String username;
  private final byte[] password;

  private InternalCredential(String username, byte[] password) {
    this.username = username;
    this.password = password;
  }

  public static InternalCredential generate(SecureRandom random) {
    byte[] id = new byte[6];
    byte[] secret = new byte[32];
    random.nextBytes(id);
    random.nextBytes(secret);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return new InternalCredential(USERNAME_PREFIX + b64.encodeToString(id),
        b64.encodeToString(secret).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  public String username() {
    return username;
  }

  /** A copy of the password, for a client's connect options. */
  public char[] password() {
    char[] chars = new char[password.length];
    for (int i = 0; i < password.length; i++) {
      chars[i] = (char) password[i];
    }
    return chars;
  }

  /** True when {@code user} is this credential's user name. */
  public boolean isUser(String user) {
    return username.equals(user);
  }

  /** Constant-time check of a CONNECT's user name and password. */
  public boolean matches(String user, byte[] pass) {
    return username.equals(user) && pass != null && MessageDigest.isEqual(password, pass);
  }

  @Override
  public String toString() {
    return "InternalCredential[" + username + ", password=***]";
  }
}
