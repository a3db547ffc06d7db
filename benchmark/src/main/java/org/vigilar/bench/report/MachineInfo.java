package org.vigilar.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a run was measured on. */
public record MachineInfo(String cpuModel, int processors, long memoryKb, String kernel,
    String java, String os) {

  /** Reads {@code /proc} and the running JVM. */
  public static MachineInfo current() {
    String model = firstValue(Path.of("/proc/cpuinfo"), "model name");
    long memory = parseKb(firstValue(Path.of("/proc/meminfo"), "MemTotal"));
    String kernel = System.getProperty("os.version");
    String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
    return new MachineInfo(model, Runtime.getRuntime().availableProcessors(), memory, kernel,
        java, System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }

  private static String firstValue(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
          return line.substring(colon + 1).strip();
        }
      }
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }

  private static long parseKb(String text) {
    String digits = text.replaceAll("[^0-9]", "");
    return digits.isEmpty() ? -1 : Long.parseLong(digits);
  }
}
