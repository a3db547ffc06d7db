package org.vigilar.bench.sut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options the appliance ships with, read from the {@code ./vigilar} launcher so the
 * benchmark measures what a household runs: {@code VIGILAR_JAVA_OPTS} when set, else the
 * launcher's default.
 */
public final class JvmOptions {

  private static final Pattern DEFAULT = Pattern.compile("\\$\\{VIGILAR_JAVA_OPTS:-([^}]*)}");

  private JvmOptions() {
  }

  /**
   * @throws IllegalStateException when the launcher has no default to read
   */
  public static List<String> packaged(Path repo, Map<String, String> env) {
    String fromEnv = env.get("VIGILAR_JAVA_OPTS");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return split(fromEnv);
    }
    Path launcher = repo.resolve("vigilar");
    try {
      Matcher m = DEFAULT.matcher(Files.readString(launcher));
      if (!m.find()) {
        throw new IllegalStateException(launcher + " has no ${VIGILAR_JAVA_OPTS:-...} default;"
            + " pass --jvm-opts");
      }
      return split(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the launcher " + launcher, e);
    }
  }

  public static List<String> split(String options) {
    // A backslash alone is the launcher's line continuation.
    return Arrays.stream(options.strip().split("\\s+"))
        .filter(s -> !s.isEmpty() && !s.equals("\\")).toList();
  }
}
