package org.vigilar.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
  private static final List<String> KEYS = List.of(
      "data_dir",
      "mqtt.host", "mqtt.port", "mqtt.tls_port", "mqtt.allow_anonymous", "mqtt.max_message_size",
      "web.host", "web.http_port", "web.https_port", "web.tls_cert", "web.tls_key",
      "web.redirect_http",
      "alarm.exit_delay", "alarm.entry_delay",
      "push.subject");

  private static final Set<String> SENSOR_FIELDS = Set.of("name", "kind", "zone", "role");

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
          values.put(key, scalar(key, field.getValue()));
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
              + file + "; known: name, kind, zone, role");
        }
      });
      sensors.put(id, new SensorSettings(text(fields, "name"), text(fields, "kind"),
          text(fields, "zone"), text(fields, "role")));
    });
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
        ByteSizes.parse("mqtt.max_message_size", v.getOrDefault("mqtt.max_message_size", "1MiB")));
    WebSettings web = new WebSettings(
        v.getOrDefault("web.host", "0.0.0.0"),
        integer(v, "web.http_port", 8080),
        integer(v, "web.https_port", 8443),
        path(v, "web.tls_cert"),
        path(v, "web.tls_key"),
        bool(v, "web.redirect_http", false));
    AlarmSettings alarm = new AlarmSettings(
        Durations.parse("alarm.exit_delay", v.getOrDefault("alarm.exit_delay", "30s")),
        Durations.parse("alarm.entry_delay", v.getOrDefault("alarm.entry_delay", "30s")));
    PushSettings push = new PushSettings(
        v.getOrDefault("push.subject", PushSettings.defaults().subject()));
    Path dataDir = Path.of(v.getOrDefault("data_dir", "./vigilar-data"));
    return new Settings(dataDir, mqtt, web, alarm, push, sensors);
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
