package org.vigilar.security;

import java.util.Objects;

/**
 * A secret shown to a person once (a generated password or token). Its {@link #toString()}
 * never reveals it, so it is safe in a log line by accident; call {@link #reveal()} to print it.
 */
public final class Secret {

  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public String reveal() {
    return value;
  }

  public char[] chars() {
    return value.toCharArray();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "***";
  }
}
