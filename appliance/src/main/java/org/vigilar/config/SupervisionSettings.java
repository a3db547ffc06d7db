package org.vigilar.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the appliance notices sensors that stopped reporting.
 *
 * @param grace how long an {@code offline} status (a will message) must last before it is an
 *     event, so that a brief flap creates none
 * @param minBudget the floor of a learned heartbeat budget
 * @param maxBudget the ceiling of a learned budget, and the budget while a sensor is new
 * @param kindBudgets fixed budgets by sensor kind (such as {@code contact}, {@code camera});
 *     a kind without one learns from how often its sensors report
 */
public record SupervisionSettings(
    Duration grace, Duration minBudget, Duration maxBudget, Map<String, Duration> kindBudgets) {

  /** Kinds that may have a fixed budget: the binary sensor kinds and cameras. */
  public static final List<String> KINDS = List.of("motion", "contact", "smoke", "water",
      "glass", "vibration", "tamper", "panic", "camera");

  public SupervisionSettings {
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(minBudget, "minBudget");
    Objects.requireNonNull(maxBudget, "maxBudget");
    Checks.notNegative("supervision.grace", grace);
    positive("supervision.min_budget", minBudget);
    positive("supervision.max_budget", maxBudget);
    if (maxBudget.compareTo(minBudget) < 0) {
      throw new SettingsException("supervision.max_budget (" + Durations.format(maxBudget)
          + ") must not be shorter than supervision.min_budget (" + Durations.format(minBudget)
          + ")");
    }
    kindBudgets.forEach((kind, budget) -> {
      if (!KINDS.contains(kind)) {
        throw new SettingsException("no supervision budget for kind '" + kind + "'; kinds: "
            + String.join(", ", KINDS));
      }
      positive("supervision." + kind + "_budget", budget);
    });
    kindBudgets = Map.copyOf(kindBudgets);
  }

  public static SupervisionSettings defaults() {
    return new SupervisionSettings(Duration.ofSeconds(60), Duration.ofHours(1),
        Duration.ofHours(25), Map.of());
  }

  public SupervisionSettings withGrace(Duration value) {
    return new SupervisionSettings(value, minBudget, maxBudget, kindBudgets);
  }

  public SupervisionSettings withKindBudgets(Map<String, Duration> value) {
    return new SupervisionSettings(grace, minBudget, maxBudget, value);
  }

  private static void positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new SettingsException(key + " must be longer than zero, was "
          + Durations.format(value.abs()));
    }
  }
}
