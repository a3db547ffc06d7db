package org.vigilar.classify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vigilar.broker.InboundPublish;
import org.vigilar.events.EventDraft;
import org.vigilar.sensors.SensorBook;
import org.vigilar.sensors.SensorRecord;

/**
 * Turns device messages on the native topics into events, so that only a change of state is an
 * event.
 *
 * <p>Not thread-safe: the event processor owns one classifier and one {@link SensorBook}.
 */
public final class Classifier {

  /** Largest payload of a state message; only snapshots may be larger. */
  public static final int MAX_STATE_PAYLOAD = 16 * 1024;
  public static final int BATTERY_LOW_THRESHOLD = 20;
  /** A camera reporting the same object again within this window is the same detection. */
  static final Duration OBJECT_REPEAT_WINDOW = Duration.ofSeconds(10);

  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]{1,32}");
  private static final int MAX_TRACKED_OBJECTS = 10_000;
  private static final String STATUS = "status";
  private static final String BATTERY_LOW = "battery_low";

  private final SeverityPolicy severity;
  private final ObjectMapper json;
  private final Map<String, Instant> lastObjects = new HashMap<>();

  public Classifier(SeverityPolicy severity) {
    this.severity = severity;
    this.json = new ObjectMapper();
    json.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(8192).build());
  }

  /**
   * Classifies one message and updates {@code book} with what it says about its sensor.
   *
   * @throws InputProblem when the message is malformed or on an unknown topic
   */
  public Outcome classify(InboundPublish message, SensorBook book) throws InputProblem {
    Topics.DeviceTopic topic = Topics.parse(message.topic(), message.clientId());
    String source = topic.sourceId();
    Instant now = message.receivedAt();

    if (topic.camera() && topic.channel().equals("snapshot")) {
      return snapshot(source, message.payload(), book, now);
    }
    if (message.payload().length > MAX_STATE_PAYLOAD) {
      throw new InputProblem(ProblemKind.OVERSIZED, source,
          "payload of " + message.payload().length + " bytes, state messages allow "
              + MAX_STATE_PAYLOAD);
    }
    if (topic.channel().equals(STATUS)) {
      return status(source, text(message.payload(), source), book, now);
    }
    if (topic.camera()) {
      return camera(source, topic.channel(), message.payload(), book, now);
    }
    SensorKind kind = SensorKind.fromWire(topic.channel()).orElseThrow(() -> new InputProblem(
        ProblemKind.UNKNOWN_KIND, source, "unknown sensor kind '" + topic.channel() + "'"));
    return sensor(source, kind, message.payload(), book, now);
  }

  private Outcome sensor(String source, SensorKind kind, byte[] payload, SensorBook book,
      Instant now) throws InputProblem {
    if (kind == SensorKind.HEARTBEAT) {
      book.touch(source, now);
      return Outcome.NOTHING;
    }
    Reading reading = read(text(payload, source), source);
    if (kind == SensorKind.BATTERY) {
      return battery(source, reading, book, now);
    }
    return binary(source, kind, kind.wireName(), reading, book, now);
  }

  /**
   * @param recordKind the kind the sensor's record shows: the sensor kind, or camera
   */
  private Outcome binary(String source, SensorKind kind, String recordKind, Reading reading,
      SensorBook book, Instant now) throws InputProblem {
    boolean active = StateLiterals.parse(kind, reading.state()).orElseThrow(() -> new InputProblem(
        ProblemKind.BAD_STATE, source, "state '" + shorten(reading.state()) + "' is not on/off"));
    SensorRecord record = book.touch(source, now);
    if (!recordKind.equals(record.kind())) {
      book.put(record.withKind(recordKind));
    }

    String state = StateLiterals.format(kind, active);
    String previous = book.state(source, kind.wireName());
    boolean changed = book.changeState(source, kind.wireName(), state, now);
    String type = active ? kind.activeType() : kind.inactiveType();
    // A new sensor's first report of its normal state is a hello, not a return to normal.
    if (!changed || type == null || (previous == null && !active)) {
      return Outcome.NOTHING;
    }
    ObjectNode body = reading.extras().deepCopy();
    body.put("state", state);
    return event(now, type, active, source, orderedState(body));
  }

  private Outcome battery(String source, Reading reading, SensorBook book, Instant now)
      throws InputProblem {
    int level = batteryLevel(source, reading);
    SensorRecord record = book.touch(source, now);
    book.put(record.withBattery(level));

    boolean low = level < BATTERY_LOW_THRESHOLD;
    boolean changed = book.changeState(source, BATTERY_LOW, low ? "low" : "ok", now);
    if (!changed || !low) {
      return Outcome.NOTHING;
    }
    ObjectNode body = reading.extras().deepCopy();
    body.put("level", level);
    return event(now, "battery_low", true, source, body);
  }

  private static int batteryLevel(String source, Reading reading) throws InputProblem {
    JsonNode level = reading.extras().get("level");
    String text = level != null ? level.asText() : reading.state();
    try {
      int value = (int) Math.round(Double.parseDouble(text.strip()));
      if (value >= 0 && value <= 100) {
        return value;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // Reported below with the offending text.
    }
    throw new InputProblem(ProblemKind.BAD_STATE, source,
        "battery level '" + shorten(String.valueOf(text)) + "' is not a number from 0 to 100");
  }

  private Outcome status(String source, String text, SensorBook book, Instant now)
      throws InputProblem {
    Reading reading = read(text, source);
    String value = reading.state().strip().toLowerCase(Locale.ROOT);
    boolean online = switch (value) {
      case "online", "on", "true", "1" -> true;
      case "offline", "off", "false", "0" -> false;
      default -> throw new InputProblem(ProblemKind.BAD_STATE, source,
          "status '" + shorten(value) + "' is not online/offline");
    };
    SensorRecord record = book.touch(source, now);
    book.put(record.withOnline(online));
    // Supervision turns a lasting change into sensor_offline or sensor_online, after a grace
    // period, so that a brief flap of the connection creates no event.
    book.changeState(source, STATUS, online ? "online" : "offline", now);
    return Outcome.NOTHING;
  }

  private Outcome camera(String source, String channel, byte[] payload, SensorBook book,
      Instant now) throws InputProblem {
    switch (channel) {
      case "motion":
        return binary(source, SensorKind.MOTION, "camera", read(text(payload, source), source),
            book, now);
      case "object":
        return object(source, text(payload, source), book, now);
      default:
        throw new InputProblem(ProblemKind.UNKNOWN_KIND, source,
            "unknown camera channel '" + channel + "'");
    }
  }

  private Outcome object(String source, String text, SensorBook book, Instant now)
      throws InputProblem {
    ObjectNode body = parseObject(text, source);
    JsonNode labelNode = body.get("label");
    String label = labelNode == null ? "" : labelNode.asText().strip().toLowerCase(Locale.ROOT);
    if (!LABEL.matcher(label).matches()) {
      throw new InputProblem(ProblemKind.BAD_STATE, source,
          "object label must be 1-32 letters, digits or _");
    }
    JsonNode score = body.get("score");
    if (score != null && !score.isNumber()) {
      throw new InputProblem(ProblemKind.BAD_STATE, source, "object score must be a number");
    }
    SensorRecord record = book.touch(source, now);
    if (!"camera".equals(record.kind())) {
      book.put(record.withKind("camera"));
    }

    String key = source + '/' + label;
    Instant last = lastObjects.get(key);
    if (lastObjects.size() >= MAX_TRACKED_OBJECTS) {
      lastObjects.clear();
    }
    lastObjects.put(key, now);
    if (last != null && Duration.between(last, now).compareTo(OBJECT_REPEAT_WINDOW) < 0) {
      return Outcome.NOTHING;
    }
    body.put("label", label);
    return event(now, label + "_detected", true, source, body);
  }

  private static Outcome snapshot(String source, byte[] payload, SensorBook book, Instant now)
      throws InputProblem {
    boolean jpeg = payload.length > 3 && (payload[0] & 0xff) == 0xff
        && (payload[1] & 0xff) == 0xd8 && (payload[2] & 0xff) == 0xff;
    if (!jpeg) {
      throw new InputProblem(ProblemKind.BAD_SNAPSHOT, source, "snapshot is not a JPEG image");
    }
    book.touch(source, now);
    return new Outcome.Snapshot(source, payload, now);
  }

  private Outcome event(Instant now, String type, boolean active, String source, ObjectNode body) {
    String payloadJson;
    try {
      payloadJson = json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a parsed JSON tree", e);
    }
    return new Outcome.Events(List.of(
        new EventDraft(now, type, severity.severity(type, active, source), source,
            payloadJson)));
  }

  /** A state message: a bare literal, or a JSON object with {@code state} and extra fields. */
  private record Reading(String state, ObjectNode extras) {
  }

  private Reading read(String text, String source) throws InputProblem {
    String trimmed = text.strip();
    if (!trimmed.startsWith("{")) {
      return new Reading(trimmed, JsonNodeFactory.instance.objectNode());
    }
    ObjectNode body = parseObject(trimmed, source);
    JsonNode state = body.remove("state");
    if (state != null && !state.isValueNode()) {
      throw new InputProblem(ProblemKind.BAD_STATE, source, "state must be a single value");
    }
    return new Reading(state == null || state.isNull() ? "" : state.asText(), body);
  }

  private ObjectNode parseObject(String text, String source) throws InputProblem {
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InputProblem(ProblemKind.MALFORMED_JSON, source,
          "malformed JSON: " + shorten(e.getOriginalMessage()));
    }
    if (node == null || !node.isObject()) {
      throw new InputProblem(ProblemKind.MALFORMED_JSON, source, "JSON payload is not an object");
    }
    return (ObjectNode) node;
  }

  private static String text(byte[] payload, String source) throws InputProblem {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InputProblem(ProblemKind.BINARY_PAYLOAD, source, "payload is not UTF-8 text");
    }
  }

  /** Puts {@code state} first, as readers of the timeline expect it. */
  private static ObjectNode orderedState(ObjectNode body) {
    ObjectNode ordered = JsonNodeFactory.instance.objectNode();
    ordered.set("state", body.get("state"));
    body.fields().forEachRemaining(f -> {
      if (!f.getKey().equals("state")) {
        ordered.set(f.getKey(), f.getValue());
      }
    });
    return ordered;
  }

  private static String shorten(String text) {
    String value = Optional.ofNullable(text).orElse("");
    return (value.length() > 40 ? value.substring(0, 40) + "..." : value)
        .replaceAll("\\p{Cntrl}", "?");
  }
}
