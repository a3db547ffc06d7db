package org.vigilar.alarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A command on {@code vigilar/alarm/set}, in the forms MQTT alarm panels send: a plain
 * {@code DISARM}, {@code ARM_HOME}, {@code ARM_AWAY} or {@code ARM_NIGHT} (or a mode name such
 * as {@code armed_away}), or JSON {@code {"action": "ARM_AWAY", "code": "1234"}}, optionally
 * with {@code "bypass": [source ids]}.
 *
 * @param code the code the keypad sent, or null
 */
record KeypadCommand(ArmMode mode, String code, Set<String> bypass) {

  static final int MAX_PAYLOAD = 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  KeypadCommand {
    bypass = Set.copyOf(bypass);
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with the payload
   */
  static KeypadCommand parse(byte[] payload) {
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("command of " + payload.length + " bytes is too long");
    }
    String text = new String(payload, StandardCharsets.UTF_8).strip();
    if (!text.startsWith("{")) {
      return new KeypadCommand(action(text), null, Set.of());
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("command is not valid JSON");
    }
    JsonNode action = node.has("action") ? node.get("action") : node.get("mode");
    if (action == null || !action.isTextual()) {
      throw new IllegalArgumentException("JSON command needs a text \"action\"");
    }
    JsonNode code = node.get("code");
    Set<String> bypass = new LinkedHashSet<>();
    JsonNode ids = node.get("bypass");
    if (ids != null && ids.isArray()) {
      ids.forEach(id -> bypass.add(id.asText()));
    }
    return new KeypadCommand(action(action.asText()),
        code == null || code.isNull() ? null : code.asText(), bypass);
  }

  private static ArmMode action(String text) {
    String value = text.strip().toUpperCase(Locale.ROOT);
    Optional<ArmMode> mode = switch (value) {
      case "DISARM" -> Optional.of(ArmMode.DISARMED);
      case "ARM_HOME" -> Optional.of(ArmMode.ARMED_HOME);
      case "ARM_AWAY" -> Optional.of(ArmMode.ARMED_AWAY);
      case "ARM_NIGHT" -> Optional.of(ArmMode.ARMED_NIGHT);
      default -> ArmMode.fromWire(value);
    };
    return mode.orElseThrow(() -> new IllegalArgumentException(
        "unknown action; expected DISARM, ARM_HOME, ARM_AWAY or ARM_NIGHT"));
  }

  @Override
  public String toString() {
    return "KeypadCommand[mode=" + mode + ", code=" + (code == null ? "none" : "***")
        + ", bypass=" + bypass + "]";
  }
}
