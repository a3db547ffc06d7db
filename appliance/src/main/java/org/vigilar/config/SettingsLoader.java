package org.vigilar.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vigilar.sensors.SensorRole;

/**
 * Reads {@code vigilar.yml} and {@code VIGILAR_*} environment variables into {@link Settings}.
 *
 * <p>Every key has a default, so the file is optional. Environment variables win over the file,
 * and explicit overrides (command-line flags) win over both. An unknown key or a bad value throws
 * a {@link SettingsException} that names it, so the appliance never starts half-configured.
 */
public final class SettingsLoader {

  public static final String FILE_NAME = "vigilar.yml";
  private static final String ENV_PREFIX = "VIGILAR_";

  /** Known scalar keys, as {@code section.key} or a top-level {@code key}. */
  private static final List<String> KEYS = Stream.concat(Stream.of(
      "data_dir",
      "mqtt.host", "mqtt.port", "mqtt.tls_port", "mqtt.allow_anonymous", "mqtt.max_message_size",
      "mqtt.address_failures", "mqtt.address_lockout",
      "web.host", "web.http_port", "web.https_port", "web.tls_cert", "web.tls_key",
      "web.redirect_http",
      "alarm.exit_delay", "alarm.entry_delay", "alarm.home_exit_delay", "alarm.night_exit_delay",
      "alarm.away_roles", "alarm.home_roles", "alarm.night_roles",
      "alarm.code", "alarm.code_arm_required", "alarm.keypads",
      "supervision.grace", "supervision.min_budget", "supervision.max_budget",
      "push.subject"),
      SupervisionSettings.KINDS.stream().map(kind -> "supervision." + kind + "_budget"))
      .toList();

  /** Keys whose value is a list: a YAML sequence or a comma-separated text. */
  private static final Set<String> LIST_KEYS = Set.of("alarm.away_roles", "alarm.home_roles",
      "alarm.night_roles", "alarm.keypads");

  private static final List<String> SENSOR_FIELDS = List.of("name", "kind", "zone", "role",
      "min_active", "pulses", "pulse_window", "heartbeat");
  private static final int MAX_PULSES = 10;

  /** Variables read by other parts of the appliance, not settings of this file. */
  private static final Set<String> OTHER_ENV = Set.of("VIGILAR_ADMIN_PASSWORD", "VIGILAR_HOME",
      "VIGILAR_JAVA_OPTS");

  private final Map<String, String> env;

  public SettingsLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * Loads the settings.
   *
   * @param configFile an explicit settings file, or null for {@code vigilar.yml} in the data
   *     directory when it exists
   * @param overrides values that win over the file and the environment, by dotted key
   * @throws SettingsException naming the first wrong key or value
   */
  public Settings load(Path configFile, Map<String, String> overrides) {
    checkEnvironmentNames();
    for (String key : overrides.keySet()) {
      requireKnown(key, "override");
    }

    Map<String, String> values = new TreeMap<>();
    Map<String, SensorSettings> sensors = new LinkedHashMap<>();
    Path file = configFile != null ? configFile : defaultFile(overrides);
    if (file != null && Files.exists(file)) {
      readFile(file, values, sensors);
    } else if (configFile != null) {
      throw new SettingsException("settings file " + configFile + " does not exist");
    }

    for (String key : KEYS) {
      String fromEnv = env.get(envName(key));
      if (fromEnv != null) {
        values.put(key, fromEnv);
      }
    }
    values.putAll(overrides);
    return build(values, sensors);
  }

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  private Path defaultFile(Map<String, String> overrides) {
    String dir = overrides.getOrDefault("data_dir", env.getOrDefault(envName("data_dir"),
        "./vigilar-data"));
    return Path.of(dir).resolve(FILE_NAME);
  }

  private void checkEnvironmentNames() {
    for (String name : env.keySet()) {
      if (name.startsWith(ENV_PREFIX) && !OTHER_ENV.contains(name)
          && KEYS.stream().noneMatch(key -> envName(key).equals(name))) {
        throw new SettingsException("unknown setting in the environment: " + name);
      }
    }
  }

  private static void requireKnown(String key, String where) {
    if (!KEYS.contains(key)) {
      throw new SettingsException("unknown setting '" + key + "' in " + where);
    }
  }

  private static void readFile(Path file, Map<String, String> values,
      Map<String, SensorSettings> sensors) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(Files.readAllBytes(file));
    } catch (JacksonException e) {
      throw new SettingsException(file + " is not valid YAML: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ")");
    } catch (IOException e) {
      throw new SettingsException("cannot read " + file + ": " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return;
    }
    if (!root.isObject()) {
      throw new SettingsException(file + " must hold a mapping of settings");
    }

    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      JsonNode node = entry.getValue();
      if (name.equals("sensors")) {
        readSensors(file, node, sensors);
      } else if (node.isObject()) {
        node.fields().forEachRemaining(field -> {
          String key = name + "." + field.getKey();
          requireKnown(key, file.toString());
          values.put(key, LIST_KEYS.contains(key) && field.getValue().isArray()
              ? joined(key, field.getValue()) : scalar(key, field.getValue()));
        });
      } else {
        requireKnown(name, file.toString());
        values.put(name, scalar(name, node));
      }
    }
  }

  private static void readSensors(Path file, JsonNode node, Map<String, SensorSettings> sensors) {
    if (node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw new SettingsException("sensors in " + file + " must map source ids to settings");
    }
    node.fields().forEachRemaining(entry -> {
      String id = entry.getKey();
      JsonNode fields = entry.getValue();
      if (!fields.isObject()) {
        throw new SettingsException("sensors." + id + " must be a mapping");
      }
      fields.fieldNames().forEachRemaining(field -> {
        if (!SENSOR_FIELDS.contains(field)) {
          throw new SettingsException("unknown setting 'sensors." + id + "." + field + "' in "
              + file + "; known: " + String.join(", ", SENSOR_FIELDS));
        }
      });
      sensors.put(id, sensor("sensors." + id, fields));
    });
  }

  private static SensorSettings sensor(String key, JsonNode fields) {
    String role = text(fields, "role");
    if (role != null && SensorRole.fromWire(role).isEmpty()) {
      throw new SettingsException(key + ".role must be one of " + roleNames() + ", was '"
          + role + "'");
    }
    String pulsesText = text(fields, "pulses");
    Integer pulses = null;
    if (pulsesText != null) {
      try {
        pulses = Integer.parseInt(pulsesText.strip());
      } catch (NumberFormatException e) {
        pulses = 0;
      }
      if (pulses < 1 || pulses > MAX_PULSES) {
        throw new SettingsException(key + ".pulses must be a whole number from 1 to "
            + MAX_PULSES + ", was '" + pulsesText + "'");
      }
    }
    return new SensorSettings(text(fields, "name"), text(fields, "kind"), text(fields, "zone"),
        role == null ? null : SensorRole.fromWire(role).orElseThrow().wireName(),
        duration(key + ".min_active", text(fields, "min_active")), pulses,
        duration(key + ".pulse_window", text(fields, "pulse_window")),
        duration(key + ".heartbeat", text(fields, "heartbeat")));
  }

  private static Duration duration(String key, String text) {
    return text == null ? null : Durations.parse(key, text);
  }

  private static String roleNames() {
    return String.join(", ", Stream.of(SensorRole.values()).map(SensorRole::wireName).toList());
  }

  private static String joined(String key, JsonNode array) {
    List<String> items = new ArrayList<>();
    array.forEach(item -> items.add(scalar(key, item)));
    return String.join(",", items);
  }

  private static String text(JsonNode fields, String name) {
    JsonNode value = fields.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String scalar(String key, JsonNode node) {
    if (!node.isValueNode() || node.isNull()) {
      throw new SettingsException(key + " must be a single value");
    }
    return node.asText();
  }

  private static Settings build(Map<String, String> v, Map<String, SensorSettings> sensors) {
    MqttSettings mqtt = new MqttSettings(
        v.getOrDefault("mqtt.host", "0.0.0.0"),
        integer(v, "mqtt.port", 1883),
        integer(v, "mqtt.tls_port", 8883),
        bool(v, "mqtt.allow_anonymous", false),
        ByteSizes.parse("mqtt.max_message_size", v.getOrDefault("mqtt.max_message_size", "1MiB")),
        integer(v, "mqtt.address_failures", MqttSettings.DEFAULT_ADDRESS_FAILURES),
        durationOr(v, "mqtt.address_lockout", MqttSettings.DEFAULT_ADDRESS_LOCKOUT));
    WebSettings web = new WebSettings(
        v.getOrDefault("web.host", "0.0.0.0"),
        integer(v, "web.http_port", 8080),
        integer(v, "web.https_port", 8443),
        path(v, "web.tls_cert"),
        path(v, "web.tls_key"),
        bool(v, "web.redirect_http", false));
    PushSettings push = new PushSettings(
        v.getOrDefault("push.subject", PushSettings.defaults().subject()));
    Path dataDir = Path.of(v.getOrDefault("data_dir", "./vigilar-data"));
    return new Settings(dataDir, mqtt, web, alarm(v), push, sensors, supervision(v));
  }

  private static AlarmSettings alarm(Map<String, String> v) {
    Duration exit = Durations.parse("alarm.exit_delay", v.getOrDefault("alarm.exit_delay", "30s"));
    return new AlarmSettings(
        exit,
        Durations.parse("alarm.entry_delay", v.getOrDefault("alarm.entry_delay", "30s")),
        Durations.parse("alarm.home_exit_delay", v.getOrDefault("alarm.home_exit_delay", "0s")),
        v.containsKey("alarm.night_exit_delay")
            ? Durations.parse("alarm.night_exit_delay", v.get("alarm.night_exit_delay")) : exit,
        roles(v, "alarm.away_roles", AlarmSettings.DEFAULT_AWAY_ROLES),
        roles(v, "alarm.home_roles", AlarmSettings.DEFAULT_HOME_ROLES),
        roles(v, "alarm.night_roles", AlarmSettings.DEFAULT_NIGHT_ROLES),
        v.getOrDefault("alarm.code", ""),
        bool(v, "alarm.code_arm_required", true),
        Set.copyOf(list(v.get("alarm.keypads"))));
  }

  private static Set<SensorRole> roles(Map<String, String> v, String key,
      Set<SensorRole> fallback) {
    String text = v.get(key);
    if (text == null) {
      return fallback;
    }
    Set<SensorRole> roles = EnumSet.noneOf(SensorRole.class);
    for (String name : list(text)) {
      roles.add(SensorRole.fromWire(name).orElseThrow(() -> new SettingsException(
          key + " must list roles among " + roleNames() + ", had '" + name + "'")));
    }
    return roles;
  }

  private static List<String> list(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Stream.of(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static SupervisionSettings supervision(Map<String, String> v) {
    SupervisionSettings defaults = SupervisionSettings.defaults();
    Map<String, Duration> budgets = new HashMap<>();
    for (String kind : SupervisionSettings.KINDS) {
      String key = "supervision." + kind + "_budget";
      if (v.containsKey(key)) {
        budgets.put(kind, Durations.parse(key, v.get(key)));
      }
    }
    return new SupervisionSettings(
        durationOr(v, "supervision.grace", defaults.grace()),
        durationOr(v, "supervision.min_budget", defaults.minBudget()),
        durationOr(v, "supervision.max_budget", defaults.maxBudget()),
        budgets);
  }

  private static Duration durationOr(Map<String, String> v, String key, Duration fallback) {
    String text = v.get(key);
    return text == null ? fallback : Durations.parse(key, text);
  }

  private static int integer(Map<String, String> values, String key, int fallback) {
    String text = values.get(key);
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new SettingsException(key + " must be a whole number, was '" + text + "'");
    }
  }

  private static Path path(Map<String, String> values, String key) {
    String text = values.get(key);
    if (text == null || text.isBlank()) {
      return null;
    }
    Path file = Path.of(text.strip());
    if (!Files.isReadable(file)) {
      throw new SettingsException(key + " names " + file + ", which cannot be read");
    }
    return file;
  }

  private static boolean bool(Map<String, String> values, String key, boolean fallback) {
    String text = values.get(key);
    if (text == null) {
      return fallback;
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new SettingsException(key + " must be true or false, was '" + text + "'");
    };
  }
}
