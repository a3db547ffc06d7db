package org.vigilar.security;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * How the administrator password is settled at start.
 *
 * @param presetPassword from {@code VIGILAR_ADMIN_PASSWORD}, or null to generate one at first
 *     start
 * @param console where a generated password is shown once (never the log)
 */
public record AdminBootstrap(char[] presetPassword, PrintStream console) {

  public static final String ENV = "VIGILAR_ADMIN_PASSWORD";

  public AdminBootstrap {
    Objects.requireNonNull(console, "console");
    presetPassword = presetPassword == null ? null : presetPassword.clone();
  }

  /** Reads {@value #ENV} from {@code env}; an empty value counts as unset. */
  public static AdminBootstrap fromEnvironment(Map<String, String> env, PrintStream console) {
    String preset = env.get(ENV);
    return new AdminBootstrap(preset == null || preset.isEmpty() ? null : preset.toCharArray(),
        console);
  }

  @Override
  public char[] presetPassword() {
    return presetPassword == null ? null : presetPassword.clone();
  }

  @Override
  public String toString() {
    return "AdminBootstrap[presetPassword=" + (presetPassword == null ? "none" : "***") + "]";
  }
}
