package org.vigilar.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigilar.alarm.ArmMode;
import org.vigilar.broker.InboundPublish;
import org.vigilar.events.EventDraft;
import org.vigilar.events.Severity;
import org.vigilar.sensors.SensorBook;
import org.vigilar.sensors.SensorRecord;

class ClassifierTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicReference<ArmMode> mode = new AtomicReference<>(ArmMode.DISARMED);
  private final Classifier classifier = new Classifier(new SeverityPolicy(mode::get));
  private final SensorBook book = new SensorBook();
  private Instant now = Instant.parse("2026-12-03T12:00:00Z");

  private Outcome classify(String topic, byte[] payload) throws InputProblem {
    now = now.plusMillis(100);
    return classifier.classify(
        new InboundPublish(topic, payload, "device-1", null, false, now), book);
  }

  private Outcome classify(String topic, String payload) throws InputProblem {
    return classify(topic, payload.getBytes(StandardCharsets.UTF_8));
  }

  private List<EventDraft> events(String topic, String payload) throws InputProblem {
    Outcome outcome = classify(topic, payload);
    return outcome instanceof Outcome.Events found ? found.drafts() : List.of();
  }

  private EventDraft single(String topic, String payload) throws InputProblem {
    List<EventDraft> drafts = events(topic, payload);
    assertEquals(1, drafts.size(), () -> "expected one event for " + payload + " on " + topic);
    return drafts.get(0);
  }

  private void noEvent(String topic, String payload) throws InputProblem {
    assertSame(Outcome.NOTHING, classify(topic, payload), () -> payload + " on " + topic);
  }

  private ProblemKind problem(String topic, byte[] payload) {
    return assertThrows(InputProblem.class, () -> classify(topic, payload)).kind();
  }

  private ProblemKind problem(String topic, String payload) {
    return problem(topic, payload.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode payload(EventDraft draft) throws Exception {
    return JSON.readTree(draft.payloadJson());
  }

  @ParameterizedTest
  @ValueSource(strings = {"on", "ON", "On", "true", "TRUE", "1", " on ", "{\"state\":\"ON\"}",
      "{\"state\":true}", "{\"state\":1}", "{\"state\":\"1\"}"})
  void activeLiteralsAreReadLeniently(String literal) throws Exception {
    EventDraft event = single("vigilar/sensors/hall/motion", literal);
    assertEquals("motion", event.type());
    assertEquals("on", payload(event).get("state").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"off", "OFF", "false", "False", "0", "{\"state\":\"off\"}",
      "{\"state\":false}", "{\"state\":0}"})
  void inactiveLiteralsAreReadLeniently(String literal) throws Exception {
    single("vigilar/sensors/door/contact", "open");
    EventDraft event = single("vigilar/sensors/door/contact", literal);
    assertEquals("contact_closed", event.type());
    assertEquals("closed", payload(event).get("state").asText());
  }

  @Test
  void contactsAlsoReadOpenAndClosed() throws Exception {
    assertEquals("contact_open", single("vigilar/sensors/door/contact", "OPEN").type());
    assertEquals("contact_closed", single("vigilar/sensors/door/contact", "Closed").type());
    assertEquals("contact_open", single("vigilar/sensors/door/contact", "{\"state\":\"open\"}")
        .type());
  }

  @ParameterizedTest
  @ValueSource(strings = {"open", "closed", "maybe", "", "2", "{\"state\":{\"a\":1}}",
      "{\"state\":[1]}", "{\"other\":1}"})
  void unknownStateOfAMotionSensorIsABadState(String literal) {
    assertEquals(ProblemKind.BAD_STATE, problem("vigilar/sensors/hall/motion", literal));
  }

  @ParameterizedTest
  @CsvSource({
      "motion, motion, info, warning",
      "contact, contact_open, info, warning",
      "smoke, smoke, critical, critical",
      "water, water_leak, critical, critical",
      "glass, glass_break, info, warning",
      "vibration, vibration, info, warning",
      "tamper, tamper, warning, critical",
      "panic, panic, critical, critical"})
  void eachSensorKindHasItsTypeAndSeverity(String kind, String type, String disarmed,
      String armed) throws Exception {
    EventDraft event = single("vigilar/sensors/s1/" + kind, "on");
    assertEquals(type, event.type());
    assertEquals(Severity.fromWire(disarmed), event.severity());
    assertEquals("s1", event.sourceId());
    assertEquals(now, event.ts());

    mode.set(ArmMode.ARMED_AWAY);
    noEvent("vigilar/sensors/s1/" + kind, "on");
    classify("vigilar/sensors/s1/" + kind, "off");
    EventDraft armedEvent = single("vigilar/sensors/s1/" + kind, "on");
    assertEquals(type, armedEvent.type());
    assertEquals(Severity.fromWire(armed), armedEvent.severity());
  }

  @Test
  void onlyAChangeOfStateIsAnEvent() throws Exception {
    single("vigilar/sensors/door/contact", "open");
    noEvent("vigilar/sensors/door/contact", "open");
    noEvent("vigilar/sensors/door/contact", "{\"state\":\"OPEN\",\"rssi\":-70}");
    single("vigilar/sensors/door/contact", "closed");
    noEvent("vigilar/sensors/door/contact", "closed");
    single("vigilar/sensors/door/contact", "open");
  }

  @Test
  void stateIsKeptPerSourceAndKind() throws Exception {
    single("vigilar/sensors/a/motion", "on");
    single("vigilar/sensors/b/motion", "on");
    single("vigilar/sensors/a/tamper", "on");
    noEvent("vigilar/sensors/a/motion", "on");
  }

  @ParameterizedTest
  @ValueSource(strings = {"motion", "glass", "vibration"})
  void selfClearingDetectorGoingInactiveIsNoEvent(String kind) throws Exception {
    single("vigilar/sensors/d/" + kind, "on");
    noEvent("vigilar/sensors/d/" + kind, "off");
    assertEquals("off", book.state("d", kind), "the state is still recorded");
    single("vigilar/sensors/d/" + kind, "on");
  }

  @Test
  void contactClosingIsAnInfoEvent() throws Exception {
    mode.set(ArmMode.ARMED_AWAY);
    single("vigilar/sensors/door/contact", "open");
    EventDraft closed = single("vigilar/sensors/door/contact", "closed");
    assertEquals("contact_closed", closed.type());
    assertEquals(Severity.INFO, closed.severity());
  }

  @ParameterizedTest
  @CsvSource({"smoke, smoke", "water, water_leak", "panic, panic", "tamper, tamper"})
  void lifeSafetyAndTamperBackToNormalIsInfoOfTheSameType(String kind, String type)
      throws Exception {
    single("vigilar/sensors/s/" + kind, "on");
    EventDraft normal = single("vigilar/sensors/s/" + kind, "off");
    assertEquals(type, normal.type());
    assertEquals(Severity.INFO, normal.severity());
    assertEquals("off", payload(normal).get("state").asText());
  }

  @ParameterizedTest
  @CsvSource({"contact, closed", "smoke, off", "water, off", "panic, off", "tamper, off",
      "motion, off"})
  void firstReportOfTheNormalStateIsNoEvent(String kind, String state) throws Exception {
    noEvent("vigilar/sensors/new/" + kind, state);
    assertEquals(state, book.state("new", kind));
    noEvent("vigilar/sensors/new/" + kind, state);
    assertEquals(1, events("vigilar/sensors/new/" + kind, "on").size());
  }

  @Test
  void batteryLowIsReportedOncePerCrossing() throws Exception {
    noEvent("vigilar/sensors/w/battery", "{\"level\":64}");
    EventDraft low = single("vigilar/sensors/w/battery", "{\"level\":15,\"voltage\":2.6}");
    assertEquals("battery_low", low.type());
    assertEquals(Severity.WARNING, low.severity());
    assertEquals(15, payload(low).get("level").asInt());
    assertEquals(2.6, payload(low).get("voltage").asDouble());
    noEvent("vigilar/sensors/w/battery", "{\"level\":12}");
    noEvent("vigilar/sensors/w/battery", "10");
    noEvent("vigilar/sensors/w/battery", "{\"level\":90}");
    assertEquals(90, book.record("w").orElseThrow().battery());
    assertEquals("battery_low", single("vigilar/sensors/w/battery", "19").type());
  }

  @Test
  void batteryAtTheThresholdIsNotLow() throws Exception {
    noEvent("vigilar/sensors/w/battery",
        "{\"level\":" + Classifier.BATTERY_LOW_THRESHOLD + "}");
    single("vigilar/sensors/w/battery",
        "{\"level\":" + (Classifier.BATTERY_LOW_THRESHOLD - 1) + "}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"level\":101}", "{\"level\":-1}", "{\"level\":\"full\"}", "lots",
      "{\"voltage\":3}"})
  void batteryLevelOutsideZeroToHundredIsABadState(String payload) {
    assertEquals(ProblemKind.BAD_STATE, problem("vigilar/sensors/w/battery", payload));
  }

  @Test
  void heartbeatIsNoEventButMarksTheSensorSeen() throws Exception {
    noEvent("vigilar/sensors/hb/heartbeat", "1");
    Instant first = book.record("hb").orElseThrow().lastSeen();
    noEvent("vigilar/sensors/hb/heartbeat", "{\"uptime\":12}");
    assertSame(Outcome.NOTHING, classify("vigilar/sensors/hb/heartbeat", new byte[] {0, -1, 3}));
    assertTrue(book.record("hb").orElseThrow().lastSeen().isAfter(first));
  }

  /**
   * Status messages are no events here: supervision ({@code sensors.Supervisor}) turns an
   * offline status that outlasts its grace period into {@code sensor_offline}, and a return into
   * {@code sensor_online}. The classifier keeps what supervision reads: the record's online
   * flag and the status channel, with the time it changed.
   */
  @Test
  void statusIsNoEventButKeepsTheRecordAndTheStatusChannelForSupervision() throws Exception {
    noEvent("vigilar/sensors/s/status", "online");
    assertEquals(Boolean.TRUE, book.record("s").orElseThrow().online());
    assertEquals("online", book.state("s", "status"));
    noEvent("vigilar/sensors/s/status", "online");

    noEvent("vigilar/sensors/s/status", "offline");
    Instant offlineAt = now;
    assertEquals(Boolean.FALSE, book.record("s").orElseThrow().online());
    assertEquals("offline", book.state("s", "status"));
    assertEquals(offlineAt, book.record("s").orElseThrow().lastSeen());
    noEvent("vigilar/sensors/s/status", "offline");

    noEvent("vigilar/sensors/s/status", "{\"state\":\"ONLINE\"}");
    assertEquals(Boolean.TRUE, book.record("s").orElseThrow().online());
    assertEquals("online", book.state("s", "status"));
  }

  @Test
  void firstStatusOfflineIsNoEventEitherButMarksTheRecord() throws Exception {
    noEvent("vigilar/cameras/cam/status", "offline");
    assertEquals(Boolean.FALSE, book.record("cam").orElseThrow().online());
    assertEquals("offline", book.state("cam", "status"));
  }

  @Test
  void unknownStatusIsABadState() {
    assertEquals(ProblemKind.BAD_STATE, problem("vigilar/sensors/s/status", "sleepy"));
  }

  @Test
  void cameraMotionIsAMotionEventOfACamera() throws Exception {
    EventDraft motion = single("vigilar/cameras/garage/motion", "ON");
    assertEquals("motion", motion.type());
    assertEquals("garage", motion.sourceId());
    assertEquals("camera", book.record("garage").orElseThrow().kind());
    noEvent("vigilar/cameras/garage/motion", "OFF");
  }

  @Test
  void cameraObjectIsADetectionWithLabelAndScore() throws Exception {
    EventDraft person = single("vigilar/cameras/garage/object",
        "{\"label\":\"Person\",\"score\":0.87,\"box\":[1,2,3,4]}");
    assertEquals("person_detected", person.type());
    assertEquals(Severity.INFO, person.severity());
    JsonNode body = payload(person);
    assertEquals("person", body.get("label").asText());
    assertEquals(0.87, body.get("score").asDouble());
    assertEquals(4, body.get("box").size());

    mode.set(ArmMode.ARMED_NIGHT);
    EventDraft car = single("vigilar/cameras/garage/object", "{\"label\":\"car\"}");
    assertEquals("car_detected", car.type());
    assertEquals(Severity.WARNING, car.severity());
  }

  @Test
  void sameObjectWithinTheRepeatWindowIsOneDetection() throws Exception {
    String topic = "vigilar/cameras/garage/object";
    single(topic, "{\"label\":\"person\",\"score\":0.9}");
    noEvent(topic, "{\"label\":\"person\",\"score\":0.8}");
    single("vigilar/cameras/porch/object", "{\"label\":\"person\"}");
    now = now.plus(Classifier.OBJECT_REPEAT_WINDOW);
    single(topic, "{\"label\":\"person\",\"score\":0.7}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"score\":0.5}", "{\"label\":\"\"}", "{\"label\":\"a b\"}",
      "{\"label\":\"person\",\"score\":\"high\"}"})
  void objectWithoutAUsableLabelOrScoreIsABadState(String payload) {
    assertEquals(ProblemKind.BAD_STATE, problem("vigilar/cameras/garage/object", payload));
  }

  @Test
  void snapshotIsAttachedNotAnEvent() throws Exception {
    byte[] jpeg = new byte[2048];
    jpeg[0] = (byte) 0xff;
    jpeg[1] = (byte) 0xd8;
    jpeg[2] = (byte) 0xff;
    Outcome outcome = classify("vigilar/cameras/garage/snapshot", jpeg);
    Outcome.Snapshot snapshot = assertInstanceOf(Outcome.Snapshot.class, outcome);
    assertEquals("garage", snapshot.sourceId());
    assertTrue(Arrays.equals(jpeg, snapshot.jpeg()));
  }

  @Test
  void snapshotLargerThanAStateMessageIsAccepted() throws Exception {
    byte[] jpeg = new byte[Classifier.MAX_STATE_PAYLOAD * 8];
    jpeg[0] = (byte) 0xff;
    jpeg[1] = (byte) 0xd8;
    jpeg[2] = (byte) 0xff;
    assertInstanceOf(Outcome.Snapshot.class, classify("vigilar/cameras/garage/snapshot", jpeg));
  }

  @Test
  void snapshotThatIsNoJpegIsABadSnapshot() {
    assertEquals(ProblemKind.BAD_SNAPSHOT,
        problem("vigilar/cameras/garage/snapshot", "not a picture"));
  }

  @Test
  void extraJsonFieldsAreCarriedInThePayloadAfterTheState() throws Exception {
    EventDraft event = single("vigilar/sensors/hall/motion",
        "{\"lux\":12,\"state\":\"ON\",\"zone\":\"hall\",\"nested\":{\"a\":[1,2]}}");
    assertEquals("{\"state\":\"on\",\"lux\":12,\"zone\":\"hall\",\"nested\":{\"a\":[1,2]}}",
        event.payloadJson());
  }

  @Test
  void barePayloadCarriesOnlyTheState() throws Exception {
    assertEquals("{\"state\":\"open\"}", single("vigilar/sensors/d/contact", "1").payloadJson());
  }

  @ParameterizedTest
  @CsvSource({
      "other/sensors/a/motion, UNKNOWN_TOPIC",
      "vigilar/alarm/state, UNKNOWN_TOPIC",
      "vigilar/sensors/a/motion/extra, UNKNOWN_TOPIC",
      "vigilar/doors/a/motion, UNKNOWN_TOPIC",
      "vigilar/sensors//motion, BAD_TOPIC",
      "vigilar/sensors/a/, BAD_TOPIC",
      "vigilar//a/motion, BAD_TOPIC",
      "vigilar/sensors/a b/motion, BAD_TOPIC",
      "vigilar/sensors/laser/laser, UNKNOWN_KIND",
      "vigilar/cameras/cam/thermal, UNKNOWN_KIND"})
  void topicsOutsideTheLayoutAreProblemsOfTheirKind(String topic, ProblemKind kind) {
    assertEquals(kind, problem(topic, "on"));
  }

  @Test
  void sourceIdLongerThanSixtyFourIsABadTopic() {
    assertEquals(ProblemKind.BAD_TOPIC,
        problem("vigilar/sensors/" + "x".repeat(65) + "/motion", "on"));
  }

  @Test
  void malformedJsonIsReported() {
    assertEquals(ProblemKind.MALFORMED_JSON, problem("vigilar/sensors/a/motion", "{\"state\":"));
    assertEquals(ProblemKind.MALFORMED_JSON,
        problem("vigilar/cameras/a/object", "[\"person\"]"));
  }

  @Test
  void deeplyNestedJsonIsMalformed() {
    String deep = "{\"state\":\"on\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
    assertEquals(ProblemKind.MALFORMED_JSON, problem("vigilar/sensors/a/motion", deep));
  }

  @Test
  void binaryGarbageIsReported() {
    byte[] garbage = {(byte) 0xc3, (byte) 0x28, 0, (byte) 0xff, (byte) 0xfe};
    assertEquals(ProblemKind.BINARY_PAYLOAD, problem("vigilar/sensors/a/motion", garbage));
    assertEquals(ProblemKind.BINARY_PAYLOAD, problem("vigilar/sensors/a/status", garbage));
  }

  @Test
  void stateMessageLargerThanTheLimitIsOversized() throws Exception {
    byte[] big = new byte[Classifier.MAX_STATE_PAYLOAD + 1];
    Arrays.fill(big, (byte) ' ');
    big[0] = 'o';
    big[1] = 'n';
    assertEquals(ProblemKind.OVERSIZED, problem("vigilar/sensors/a/motion", big));
    assertEquals(ProblemKind.OVERSIZED, problem("vigilar/sensors/a/motion", new byte[1 << 20]));
    assertFalse(book.record("a").isPresent(), "a rejected message leaves no sensor behind");
  }

  @Test
  void problemNamesTheSourceFromTheTopicOrTheClient() {
    InputProblem fromTopic = assertThrows(InputProblem.class,
        () -> classify("vigilar/sensors/kitchen/laser", "on"));
    assertEquals("kitchen", fromTopic.sourceId());
    InputProblem fromClient = assertThrows(InputProblem.class,
        () -> classify("elsewhere/x", "on"));
    assertEquals("device-1", fromClient.sourceId());
  }

  @Test
  void sensorRecordShowsItsKindAndTimes() throws Exception {
    Instant before = now;
    single("vigilar/sensors/door/contact", "open");
    SensorRecord record = book.record("door").orElseThrow();
    assertEquals("contact", record.kind());
    assertTrue(record.firstSeen().isAfter(before));
    assertEquals(record.firstSeen(), record.lastSeen());
    now = now.plus(Duration.ofMinutes(1));
    noEvent("vigilar/sensors/door/contact", "open");
    SensorRecord later = book.record("door").orElseThrow();
    assertEquals(record.firstSeen(), later.firstSeen());
    assertTrue(later.lastSeen().isAfter(record.lastSeen()));
  }

  @Test
  void changesAreHandedToTheStoreOnce() throws Exception {
    single("vigilar/sensors/door/contact", "open");
    SensorBook.Changes changes = book.drainChanges();
    List<String> states = new ArrayList<>();
    changes.states().forEach(s -> states.add(s.sourceId() + "/" + s.channel() + "=" + s.state()));
    assertEquals(List.of("door/contact=open"), states);
    assertEquals(1, changes.records().size());
    assertTrue(book.drainChanges().isEmpty());
  }
}
