package org.vigilar.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes such as {@code 1048576}, {@code 512KiB}, {@code 1MiB}. */
public final class ByteSizes {

  private static final Pattern FORMAT = Pattern.compile("(\\d{1,10})\\s*(B|KiB|MiB|KB|MB)?");
  private static final long MAX = 256L << 20;

  private ByteSizes() {
  }

  /**
   * @throws SettingsException naming {@code key} when {@code text} is not a size up to 256MiB
   */
  public static int parse(String key, String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new SettingsException(
          key + " must be a size such as 1MiB, 512KiB or 1048576, was '" + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    long bytes = switch (unit) {
      case "KiB" -> amount << 10;
      case "MiB" -> amount << 20;
      case "KB" -> amount * 1000;
      case "MB" -> amount * 1_000_000;
      default -> amount;
    };
    if (bytes > MAX) {
      throw new SettingsException(key + " must be at most 256MiB, was '" + text + "'");
    }
    return (int) bytes;
  }
}
