package org.vigilar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vigilar.devices.Devices;
import org.vigilar.devices.NewCredential;
import org.vigilar.security.AdminAccount;

/** Runs the appliance with logging turned up and looks for secrets in everything logged. */
class SecurityLogTest {

  @TempDir
  Path dir;

  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Logger vigilar = (Logger) LoggerFactory.getLogger("org.vigilar");
  private final Logger moquette = (Logger) LoggerFactory.getLogger("io.moquette");
  private Level vigilarLevel;
  private Level moquetteLevel;

  @BeforeEach
  void capture() {
    vigilarLevel = vigilar.getLevel();
    moquetteLevel = moquette.getLevel();
    vigilar.setLevel(Level.DEBUG);
    moquette.setLevel(Level.INFO);
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void release() {
    root.detachAppender(captured);
    captured.stop();
    vigilar.setLevel(vigilarLevel);
    moquette.setLevel(moquetteLevel);
  }

  @Test
  void noSecretReachesTheLogDuringAFullRun() throws Exception {
    List<String> secrets = new ArrayList<>();
    try (SecurityFixture fixture = SecurityFixture.startFresh(dir)) {
      String admin = Files.readString(dir.resolve(AdminAccount.PASSWORD_FILE)).strip();
      secrets.add(admin);

      NewCredential door = fixture.addDevice("door");
      secrets.add(door.password().reveal());
      MqttClient client = fixture.connectDevice(door);
      client.publish("vigilar/sensors/door/contact", "open".getBytes(), 1, false);
      assertThrows(MqttException.class,
          () -> fixture.connect("door-x", "door", "wrong-password-1".toCharArray()));
      assertThrows(MqttException.class, () -> client.publish("vigilar/events/published",
          "{}".getBytes(), 1, false));
      NewCredential reset = fixture.appliance.devices().reset("door", null).orElseThrow();
      secrets.add(reset.password().reveal());
      NewCredential chosen = fixture.appliance.devices().add(new Devices.Spec("keypad", null,
          null, "chosen-device-pw".toCharArray(), List.of("vigilar/alarm/set")));
      secrets.add("chosen-device-pw");
      fixture.connectDevice(chosen);

      assertEquals(401, fixture.login("wrong-admin-password").statusCode());
      String session = SecurityFixture.cookieValue(fixture.login(admin));
      secrets.add(session);
      String token = fixture.appliance.webAccess().tokens().add("ha").reveal();
      secrets.add(token);
      fixture.send(fixture.request("/api/events").header("Authorization", "Bearer " + token)
          .GET());
      String metrics = fixture.get("/metrics", session).body();
      String internal = new String(fixture.appliance.internalCredential().password());
      secrets.add(internal);
      for (String secret : secrets) {
        assertFalse(metrics.contains(secret), "a secret in /metrics");
      }
      assertFalse(door.toString().contains(door.password().reveal()));
      assertFalse(fixture.appliance.internalCredential().toString().contains(internal));
    }

    StringBuilder log = new StringBuilder();
    for (ILoggingEvent event : captured.list) {
      log.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        log.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    assertTrue(log.length() > 1000, "expected a busy log, got:\n" + log);
    for (String secret : secrets) {
      assertFalse(log.toString().contains(secret), "secret found in the log:\n" + log);
    }
  }

  @Test
  void allowingAnonymousMqttWarnsAtEveryStart() {
    for (int start = 0; start < 2; start++) {
      try (SecurityFixture fixture = SecurityFixture.start(dir,
          s -> s.withMqtt(s.mqtt().withAllowAnonymous(true)))) {
        assertTrue(fixture.get("/healthz", null).statusCode() == 200);
      }
    }
    long warnings = captured.list.stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .filter(e -> e.getFormattedMessage().contains("mqtt.allow_anonymous is true"))
        .count();
    assertEquals(2, warnings);
  }
}
