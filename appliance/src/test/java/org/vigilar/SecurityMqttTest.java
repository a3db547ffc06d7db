package org.vigilar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigilar.SecurityFixture.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.config.Settings;
import org.vigilar.devices.NewCredential;
import org.vigilar.store.Database;

/**
 * One appliance serves every test here (starting one takes seconds): each test uses its own
 * device ids and compares counters before and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityMqttTest {

  private static final String DENIED = "vigilar_mqtt_denied_publishes_total";
  private static final String AUTH_FAILURES = "vigilar_mqtt_auth_failures_total";

  @TempDir
  static Path dir;

  private SecurityFixture fixture;
  private final BlockingQueue<String> timeline = new LinkedBlockingQueue<>();
  private long deniedBefore;

  @BeforeAll
  void start() throws MqttException {
    // Every test here connects from 127.0.0.1, several with wrong passwords on purpose; the
    // limit per address, which would soon refuse them all, has a test of its own.
    fixture = SecurityFixture.start(dir, s -> s.withMqtt(s.mqtt().withAddressLimit(1_000,
        Duration.ofSeconds(1))));
    MqttClient watcher = fixture.connectInternal("timeline-watcher");
    watcher.subscribe("vigilar/events/published", 1,
        (topic, message) -> timeline.add(new String(message.getPayload(),
            StandardCharsets.UTF_8)));
  }

  @BeforeEach
  void remember() {
    deniedBefore = fixture.counter(DENIED);
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  private long denied() {
    return fixture.counter(DENIED) - deniedBefore;
  }

  /** Every timeline message up to the first from {@code source}, which is the last one. */
  private String timelineUntil(String source) throws InterruptedException {
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String event = timeline.poll(100, TimeUnit.MILLISECONDS);
      if (event != null) {
        seen.append(event).append('\n');
        if (event.contains("\"source_id\":\"" + source + "\"")) {
          return seen.toString();
        }
      }
    }
    throw new AssertionError("no event from " + source + " on the timeline; saw " + seen);
  }

  private void publishMotion(NewCredential device) throws MqttException {
    MqttClient client = fixture.connectDevice(device);
    client.publish("vigilar/sensors/" + device.deviceId() + "/motion",
        "on".getBytes(StandardCharsets.UTF_8), 1, false);
  }

  @Test
  void anonymousAccessIsOffByDefaultAndRefused() {
    assertFalse(Settings.defaults(dir).mqtt().allowAnonymous());
    MqttException refused = assertThrows(MqttException.class,
        () -> fixture.connect("nobody", null, null));
    assertRefusedCredentials(refused);
  }

  @Test
  void wrongPasswordAndUnknownDeviceAreRefused() {
    fixture.addDevice("wrong-pw");
    long bad = fixture.counter(AUTH_FAILURES, "reason", "bad_password");
    long unknown = fixture.counter(AUTH_FAILURES, "reason", "unknown_user");
    assertRefusedCredentials(assertThrows(MqttException.class,
        () -> fixture.connect("wrong-pw-1", "wrong-pw", "not-the-password".toCharArray())));
    assertRefusedCredentials(assertThrows(MqttException.class,
        () -> fixture.connect("ghost-1", "ghost", "whatever-password".toCharArray())));
    assertEquals(bad + 1, fixture.counter(AUTH_FAILURES, "reason", "bad_password"));
    assertEquals(unknown + 1, fixture.counter(AUTH_FAILURES, "reason", "unknown_user"));
  }

  @Test
  void repeatedFailuresLockTheUserNameOutEvenWithTheRightPassword() {
    NewCredential target = fixture.addDevice("guessed");
    long limited = fixture.counter(AUTH_FAILURES, "reason", "rate_limited");
    // Some guesses may be turned away as busy (the hash budget), which costs the guesser
    // nothing; keep guessing until the user name is locked.
    for (int i = 0; i < 30 && fixture.counter(AUTH_FAILURES, "reason", "rate_limited") == limited;
        i++) {
      assertThrows(MqttException.class,
          () -> fixture.connect("guess", "guessed", "guessing-password".toCharArray()));
    }
    assertEquals(limited + 1, fixture.counter(AUTH_FAILURES, "reason", "rate_limited"));
    assertRefusedCredentials(assertThrows(MqttException.class,
        () -> fixture.connectDevice(target)));
    assertEquals(limited + 2, fixture.counter(AUTH_FAILURES, "reason", "rate_limited"));
  }

  @Test
  void deviceEventsFromItsOwnTopicsReachTheTimeline() throws Exception {
    publishMotion(fixture.addDevice("hall"));
    timelineUntil("hall");
    assertEquals(0, denied());
  }

  @Test
  void publishOutsideItsTopicsClosesTheConnectionCountsAndCreatesNoEvent() throws Exception {
    NewCredential door = fixture.addDevice("porch");
    fixture.addDevice("garage");
    MqttClient client = fixture.connectDevice(door);

    MqttException closed = assertThrows(MqttException.class, () -> client.publish(
        "vigilar/sensors/garage/motion", "on".getBytes(StandardCharsets.UTF_8), 1, false));
    assertEquals(MqttException.REASON_CODE_CONNECTION_LOST, closed.getReasonCode());
    await("the client is disconnected", () -> !client.isConnected());
    assertEquals(1, denied());

    // The pipeline is ordered: once the later, allowed event is out, the denied one never came.
    publishMotion(door);
    assertFalse(timelineUntil("porch").contains("garage"));
  }

  @Test
  void anotherDevicesClientIdGrantsNothing() throws Exception {
    NewCredential door = fixture.addDevice("door");
    NewCredential window = fixture.addDevice("window");
    MqttClient windowClient = fixture.connect("window", "window", window.password().chars());
    await("the window's connection is known", () -> fixture.appliance.devices().list().stream()
        .anyMatch(d -> d.id().equals("window") && d.lastConnected() != null));

    // Taking over a connected device's client id is refused outright...
    assertRefusedCredentials(assertThrows(MqttException.class,
        () -> fixture.connect("window", "door", door.password().chars())));
    assertTrue(windowClient.isConnected());

    // ...and a client id that names another device gives none of its rights.
    windowClient.disconnect();
    MqttClient impostor = fixture.connect("window", "door", door.password().chars());
    assertThrows(MqttException.class, () -> impostor.publish("vigilar/sensors/window/contact",
        "open".getBytes(StandardCharsets.UTF_8), 1, false));
    assertEquals(1, denied());
  }

  @Test
  void devicesCannotPublishTheAppliancesOwnTopics() throws Exception {
    NewCredential rogue = fixture.addDevice("rogue");
    NewCredential keypad = fixture.addDevice("keypad");
    BlockingQueue<String> keypadHeard = new LinkedBlockingQueue<>();
    MqttClient keypadClient = fixture.connectDevice(keypad);
    // The panel's retained state arrives first; only what is published from now on counts.
    keypadClient.subscribe("vigilar/alarm/state", 1, (topic, message) -> {
      if (!message.isRetained()) {
        keypadHeard.add(new String(message.getPayload(), StandardCharsets.UTF_8));
      }
    });

    for (String topic : new String[] {"vigilar/events/published", "vigilar/alarm/state"}) {
      MqttClient client = fixture.connectDevice(rogue);
      assertThrows(MqttException.class, () -> client.publish(topic,
          "{\"id\":999999,\"type\":\"panic\"}".getBytes(StandardCharsets.UTF_8), 1, false));
      await("the rogue client is disconnected", () -> !client.isConnected());
    }
    assertEquals(2, denied());

    MqttClient appliance = fixture.connectInternal("appliance-publisher");
    appliance.publish("vigilar/alarm/state", "disarmed".getBytes(StandardCharsets.UTF_8), 1,
        false);
    // The panel may announce a state change of its own meanwhile; the forgery never arrives.
    String heard;
    do {
      heard = keypadHeard.poll(10, TimeUnit.SECONDS);
      assertTrue(heard != null && !heard.contains("999999"), "the keypad heard " + heard);
    } while (!heard.equals("disarmed"));
    publishMotion(fixture.addDevice("study"));
    assertFalse(timelineUntil("study").contains("999999"));
  }

  @Test
  void publishGrantLetsAKeypadSendAlarmCommands() throws Exception {
    NewCredential keypad = fixture.addDevice("entry-keypad", "vigilar/alarm/set");
    BlockingQueue<String> commands = new LinkedBlockingQueue<>();
    fixture.connectInternal("alarm-listener").subscribe("vigilar/alarm/set", 1,
        (topic, message) -> commands.add(new String(message.getPayload(),
            StandardCharsets.UTF_8)));

    MqttClient client = fixture.connectDevice(keypad);
    client.publish("vigilar/alarm/set", "armed_away".getBytes(StandardCharsets.UTF_8), 1, false);
    assertEquals("armed_away", commands.poll(10, TimeUnit.SECONDS));
    assertTrue(client.isConnected());
    assertEquals(0, denied());
  }

  @Test
  void grantsReachingApplianceTopicsAreRefusedWhenAdding() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> fixture.addDevice("wide-gateway", "vigilar/#"));
    assertTrue(refused.getMessage().contains("only the appliance publishes"),
        refused.getMessage());
  }

  @Test
  void subscriptionsAreLimitedToAlarmStateAndOwnCommands() throws Exception {
    MqttClient client = fixture.connectDevice(fixture.addDevice("siren"));
    IMqttToken allowed = client.subscribeWithResponse(
        new String[] {"vigilar/alarm/state", "vigilar/devices/siren/#"}, new int[] {1, 1});
    assertArrayEquals(new int[] {1, 1}, allowed.getGrantedQos());
    IMqttToken denied = client.subscribeWithResponse(new String[] {"vigilar/events/published",
        "#", "vigilar/devices/+/cmd", "vigilar/sensors/door/#"}, new int[] {1, 1, 1, 1});
    assertArrayEquals(new int[] {128, 128, 128, 128}, denied.getGrantedQos());
    assertTrue(client.isConnected());
  }

  @Test
  void removedOrResetDevicesAreDisconnectedAndRefused() throws Exception {
    NewCredential gone = fixture.addDevice("gone");
    MqttClient client = fixture.connectDevice(gone);
    CountDownLatch lost = new CountDownLatch(1);
    client.setCallback(new LostLatch(lost));
    await("the connection is known", () -> fixture.appliance.devices().list().stream()
        .anyMatch(d -> d.id().equals("gone") && d.lastConnected() != null));
    assertTrue(fixture.appliance.devices().remove("gone"));
    assertTrue(lost.await(10, TimeUnit.SECONDS), "removed device still connected");
    assertRefusedCredentials(assertThrows(MqttException.class,
        () -> fixture.connectDevice(gone)));
  }

  @Test
  void credentialsChangedInAnotherProcessApplyWithoutRestart() throws Exception {
    NewCredential added;
    try (Database other = Database.open(dir.resolve("vigilar.db"))) {
      added = new org.vigilar.devices.Devices(new org.vigilar.devices.DeviceStore(other),
          java.time.Clock.systemUTC(), new java.security.SecureRandom())
          .add(new org.vigilar.devices.Devices.Spec("late", null, null, null, null));
    }
    MqttClient client = fixture.connectDevice(added);
    CountDownLatch lost = new CountDownLatch(1);
    client.setCallback(new LostLatch(lost));
    await("the connection is known", () -> fixture.appliance.devices().list().stream()
        .anyMatch(d -> d.id().equals("late") && d.lastConnected() != null));

    try (Database other = Database.open(dir.resolve("vigilar.db"))) {
      new org.vigilar.devices.Devices(new org.vigilar.devices.DeviceStore(other),
          java.time.Clock.systemUTC(), new java.security.SecureRandom())
          .reset("late", null);
    }
    assertTrue(lost.await(15, TimeUnit.SECONDS), "device with a reset password still connected");
    assertRefusedCredentials(assertThrows(MqttException.class,
        () -> fixture.connectDevice(added)));
  }

  @Test
  void startIsRefusedWhenTheAuthoriserCannotBeSetUp(@TempDir Path other) throws Exception {
    try (Database db = Database.open(other.resolve("vigilar.db"))) {
      db.write(c -> {
        try (Statement st = c.createStatement()) {
          st.executeUpdate("DROP TABLE device_grants");
          return st.executeUpdate("DROP TABLE devices");
        }
      });
    }
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> SecurityFixture.start(other).close());
    assertTrue(refused.getMessage().contains("MQTT authorisation cannot be set up"),
        refused.getMessage());
  }

  private static void assertRefusedCredentials(MqttException e) {
    assertTrue(e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
        || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED,
        "expected a refused CONNECT, got " + e);
  }

  private static final class LostLatch implements MqttCallback {
    private final CountDownLatch lost;

    LostLatch(CountDownLatch lost) {
      this.lost = lost;
    }

    @Override
    public void connectionLost(Throwable cause) {
      lost.countDown();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      // Not subscribed.
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
      // Nothing to track.
    }
  }
}
