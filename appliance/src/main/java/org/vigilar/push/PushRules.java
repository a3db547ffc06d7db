package org.vigilar.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.vigilar.alarm.ArmMode;
import org.vigilar.events.Event;
import org.vigilar.events.Severity;

/**
 * Which events push in which arm mode: one set of modes per severity, and optional overrides
 * per event type that win over the severity's.
 *
 * <p>As JSON: {@code {"severities": {"critical": ["disarmed", ...], ...}, "types":
 * {"battery_low": []}}}. On input each set may also be written {@code "always"},
 * {@code "armed"} or {@code "never"}.
 *
 * @param severities modes in which each severity pushes; every severity is present
 * @param types modes in which an event type pushes, overriding its severity's
 */
record PushRules(Map<Severity, Set<ArmMode>> severities, Map<String, Set<ArmMode>> types) {

  static final int MAX_TYPES = 64;
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  private static final Set<ArmMode> ARMED =
      EnumSet.of(ArmMode.ARMED_HOME, ArmMode.ARMED_NIGHT, ArmMode.ARMED_AWAY);

  PushRules {
    Map<Severity, Set<ArmMode>> bySeverity = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      Set<ArmMode> modes = severities.get(s);
      bySeverity.put(s, copy(modes == null ? Set.of() : modes));
    }
    severities = Collections.unmodifiableMap(bySeverity);
    Map<String, Set<ArmMode>> byType = new TreeMap<>();
    types.forEach((type, modes) -> byType.put(type, copy(modes)));
    types = Collections.unmodifiableMap(byType);
  }

  private static Set<ArmMode> copy(Set<ArmMode> modes) {
    Set<ArmMode> copy = EnumSet.noneOf(ArmMode.class);
    copy.addAll(modes);
    return Collections.unmodifiableSet(copy);
  }

  /** Critical always; warning when armed; info never; no type overrides. */
  static PushRules defaults() {
    return new PushRules(Map.of(
        Severity.CRITICAL, EnumSet.allOf(ArmMode.class),
        Severity.WARNING, ARMED,
        Severity.INFO, EnumSet.noneOf(ArmMode.class)), Map.of());
  }

  boolean pushes(Event event, ArmMode mode) {
    Set<ArmMode> modes = types.get(event.type());
    if (modes == null) {
      modes = severities.get(event.severity());
    }
    return modes.contains(mode);
  }

  ObjectNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode bySeverity = root.putObject("severities");
    for (Severity s : Severity.values()) {
      modes(bySeverity.putArray(s.wireName()), severities.get(s));
    }
    ObjectNode byType = root.putObject("types");
    types.forEach((type, modes) -> modes(byType.putArray(type), modes));
    return root;
  }

  private static void modes(ArrayNode out, Set<ArmMode> modes) {
    modes.forEach(m -> out.add(m.wireName()));
  }

  /**
   * Reads rules; a severity left out keeps its current modes.
   *
   * @throws IllegalArgumentException naming the first wrong field or value
   */
  static PushRules fromJson(JsonNode root, PushRules current) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("rules must be a JSON object with severities and types");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!field.equals("severities") && !field.equals("types")) {
        throw new IllegalArgumentException("unknown rules field '" + clip(field)
            + "'; expected severities and types");
      }
    }
    Map<Severity, Set<ArmMode>> bySeverity = new EnumMap<>(current.severities());
    JsonNode severityNode = root.get("severities");
    if (severityNode != null) {
      requireObject("severities", severityNode);
      for (Iterator<Map.Entry<String, JsonNode>> it = severityNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Severity severity;
        try {
          severity = Severity.fromWire(e.getKey());
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException("severities: " + ex.getMessage());
        }
        bySeverity.put(severity, modes("severities." + e.getKey(), e.getValue()));
      }
    }
    Map<String, Set<ArmMode>> byType = new TreeMap<>(current.types());
    JsonNode typeNode = root.get("types");
    if (typeNode != null) {
      requireObject("types", typeNode);
      byType.clear();
      for (Iterator<Map.Entry<String, JsonNode>> it = typeNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!TYPE.matcher(e.getKey()).matches()) {
          throw new IllegalArgumentException("types: '" + clip(e.getKey())
              + "' is not an event type (lower case letters, digits and _)");
        }
        byType.put(e.getKey(), modes("types." + e.getKey(), e.getValue()));
      }
      if (byType.size() > MAX_TYPES) {
        throw new IllegalArgumentException("types may hold at most " + MAX_TYPES + " entries");
      }
    }
    return new PushRules(bySeverity, byType);
  }

  private static Set<ArmMode> modes(String field, JsonNode node) {
    if (node.isTextual()) {
      switch (node.asText()) {
        case "always":
          return EnumSet.allOf(ArmMode.class);
        case "armed":
          return EnumSet.copyOf(ARMED);
        case "never":
          return EnumSet.noneOf(ArmMode.class);
        default:
          throw new IllegalArgumentException(field + " must be a list of arm modes or one of"
              + " always, armed, never; was '" + clip(node.asText()) + "'");
      }
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(field + " must be a list of arm modes");
    }
    Set<ArmMode> modes = EnumSet.noneOf(ArmMode.class);
    for (JsonNode item : node) {
      modes.add(armMode(field, item));
    }
    return modes;
  }

  private static ArmMode armMode(String field, JsonNode item) {
    if (item.isTextual()) {
      for (ArmMode mode : ArmMode.values()) {
        if (mode.wireName().equals(item.asText())) {
          return mode;
        }
      }
    }
    throw new IllegalArgumentException(field + ": '" + clip(item.asText())
        + "' is not an arm mode (disarmed, armed_home, armed_night, armed_away)");
  }

  private static void requireObject(String field, JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(field + " must be a JSON object");
    }
  }

  private static String clip(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
