package org.vigilar.bridge;

import java.util.Arrays;

/** The user name and password the bridge connects with; the password never appears in logs. */
public record BridgeCredentials(String username, char[] password) {

  public BridgeCredentials {
    password = password == null ? null : password.clone();
  }

  public static BridgeCredentials anonymous() {
    return new BridgeCredentials(null, null);
  }

  @Override
  public char[] password() {
    return password == null ? null : password.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BridgeCredentials that
        && java.util.Objects.equals(username, that.username)
        && Arrays.equals(password, that.password);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(username, Arrays.hashCode(password));
  }

  @Override
  public String toString() {
    return "BridgeCredentials[username=" + username + ", password=***]";
  }
}
