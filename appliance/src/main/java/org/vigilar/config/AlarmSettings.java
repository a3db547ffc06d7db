package org.vigilar.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.vigilar.alarm.ArmMode;
import org.vigilar.sensors.SensorRole;

/**
 * Delays, armed roles and keypad access of the alarm panel.
 *
 * @param homeExitDelay exit delay of {@code armed_home}; none unless set
 * @param nightExitDelay exit delay of {@code armed_night}; the general one unless set
 * @param awayRoles roles that trigger in {@code armed_away}; {@code always} is implied
 * @param code keypad code, empty for none; never shown by {@link #toString()}
 * @param codeArmRequired whether keypads need the code to arm too, not only to disarm
 * @param keypads MQTT user names (device ids) allowed to publish on {@code vigilar/alarm/set}
 */
public record AlarmSettings(
    Duration exitDelay, Duration entryDelay, Duration homeExitDelay, Duration nightExitDelay,
    Set<SensorRole> awayRoles, Set<SensorRole> homeRoles, Set<SensorRole> nightRoles,
    String code, boolean codeArmRequired, Set<String> keypads) {

  public static final Set<SensorRole> DEFAULT_AWAY_ROLES =
      Set.copyOf(EnumSet.of(SensorRole.ENTRY, SensorRole.PERIMETER, SensorRole.INTERIOR));
  public static final Set<SensorRole> DEFAULT_HOME_ROLES =
      Set.copyOf(EnumSet.of(SensorRole.ENTRY, SensorRole.PERIMETER));
  public static final Set<SensorRole> DEFAULT_NIGHT_ROLES = DEFAULT_AWAY_ROLES;

  public AlarmSettings {
    Objects.requireNonNull(exitDelay, "exitDelay");
    Objects.requireNonNull(entryDelay, "entryDelay");
    Objects.requireNonNull(homeExitDelay, "homeExitDelay");
    Objects.requireNonNull(nightExitDelay, "nightExitDelay");
    Checks.notNegative("alarm.exit_delay", exitDelay);
    Checks.notNegative("alarm.entry_delay", entryDelay);
    Checks.notNegative("alarm.home_exit_delay", homeExitDelay);
    Checks.notNegative("alarm.night_exit_delay", nightExitDelay);
    awayRoles = armable("alarm.away_roles", awayRoles);
    homeRoles = armable("alarm.home_roles", homeRoles);
    nightRoles = armable("alarm.night_roles", nightRoles);
    code = code == null ? "" : code.strip();
    if (!code.isEmpty() && !code.matches("[0-9A-Za-z]{4,16}")) {
      throw new SettingsException("alarm.code must be 4 to 16 letters or digits");
    }
    keypads = Set.copyOf(keypads);
  }

  /** The design page's delays with every other setting at its default. */
  public AlarmSettings(Duration exitDelay, Duration entryDelay) {
    this(exitDelay, entryDelay, Duration.ZERO, exitDelay, DEFAULT_AWAY_ROLES,
        DEFAULT_HOME_ROLES, DEFAULT_NIGHT_ROLES, "", true, Set.of());
  }

  public static AlarmSettings defaults() {
    return new AlarmSettings(Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  /** The exit delay that arming {@code mode} starts. */
  public Duration exitDelay(ArmMode mode) {
    return switch (mode) {
      case ARMED_HOME -> homeExitDelay;
      case ARMED_NIGHT -> nightExitDelay;
      case ARMED_AWAY -> exitDelay;
      case DISARMED -> Duration.ZERO;
    };
  }

  /** The roles that trigger in {@code mode}, {@code always} included; none when disarmed. */
  public Set<SensorRole> armedRoles(ArmMode mode) {
    Set<SensorRole> roles = switch (mode) {
      case ARMED_HOME -> homeRoles;
      case ARMED_NIGHT -> nightRoles;
      case ARMED_AWAY -> awayRoles;
      case DISARMED -> Set.of();
    };
    EnumSet<SensorRole> withAlways = EnumSet.of(SensorRole.ALWAYS);
    withAlways.addAll(roles);
    return withAlways;
  }

  public boolean hasCode() {
    return !code.isEmpty();
  }

  /** Constant-time comparison with the configured code; false when none is configured. */
  public boolean codeMatches(String candidate) {
    if (!hasCode() || candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(code.getBytes(StandardCharsets.UTF_8),
        candidate.strip().getBytes(StandardCharsets.UTF_8));
  }

  public AlarmSettings withCode(String value, boolean armRequired) {
    return new AlarmSettings(exitDelay, entryDelay, homeExitDelay, nightExitDelay, awayRoles,
        homeRoles, nightRoles, value, armRequired, keypads);
  }

  public AlarmSettings withKeypads(Set<String> value) {
    return new AlarmSettings(exitDelay, entryDelay, homeExitDelay, nightExitDelay, awayRoles,
        homeRoles, nightRoles, code, codeArmRequired, value);
  }

  public AlarmSettings withHomeExitDelay(Duration value) {
    return new AlarmSettings(exitDelay, entryDelay, value, nightExitDelay, awayRoles, homeRoles,
        nightRoles, code, codeArmRequired, keypads);
  }

  public AlarmSettings withRoles(Set<SensorRole> away, Set<SensorRole> home,
      Set<SensorRole> night) {
    return new AlarmSettings(exitDelay, entryDelay, homeExitDelay, nightExitDelay, away, home,
        night, code, codeArmRequired, keypads);
  }

  private static Set<SensorRole> armable(String key, Set<SensorRole> roles) {
    Objects.requireNonNull(roles, key);
    if (roles.contains(SensorRole.MONITOR)) {
      throw new SettingsException(key + " cannot arm the monitor role: it never triggers");
    }
    return Set.copyOf(roles);
  }

  @Override
  public String toString() {
    return "AlarmSettings[exitDelay=" + exitDelay + ", entryDelay=" + entryDelay
        + ", homeExitDelay=" + homeExitDelay + ", nightExitDelay=" + nightExitDelay
        + ", awayRoles=" + awayRoles + ", homeRoles=" + homeRoles + ", nightRoles=" + nightRoles
        + ", code=" + (hasCode() ? "***" : "none") + ", codeArmRequired=" + codeArmRequired
        + ", keypads=" + keypads + "]";
  }
}
