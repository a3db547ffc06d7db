package org.vigilar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.devices.NewCredential;
import org.vigilar.testing.LogCapture;

/**
 * Failed MQTT CONNECTs limited per client address, with real Paho clients on loopback (which
 * is not exempt). The lockout is long, so the test never races its end.
 */
class SecurityConnectLimitTest {

  private static final int FAILURES = 3;
  private static final String THROTTLED = "vigilar_mqtt_connect_throttled_total";
  private static final List<String> AUTH_REASONS = List.of("bad_password", "unknown_user",
      "rate_limited", "busy", "client_id_taken", "no_username");

  @TempDir
  Path dir;

  /** Every refusal the authenticator counted, whatever the reason. */
  private static long authFailures(SecurityFixture fixture) {
    return AUTH_REASONS.stream()
        .mapToLong(reason -> fixture.counter("vigilar_mqtt_auth_failures_total", "reason",
            reason))
        .sum();
  }

  @Test
  void anAddressThatKeepsFailingIsRefusedWithoutAskingTheAuthenticator() throws Exception {
    try (SecurityFixture fixture = SecurityFixture.start(dir, s -> s.withMqtt(
        s.mqtt().withAddressLimit(FAILURES, Duration.ofMinutes(10))))) {
      NewCredential door = fixture.addDevice("limited-door");
      long authBefore = authFailures(fixture);
      List<String> warnings;
      try (LogCapture log = LogCapture.of("org.vigilar.broker.AddressLimiter")) {
        for (int i = 0; i < FAILURES; i++) {
          MqttException wrong = assertThrows(MqttException.class, () -> fixture.connect(
              "guess-" + System.nanoTime(), "limited-door", "wrong-password".toCharArray()));
          assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, wrong.getReasonCode());
        }
        assertEquals(authBefore + FAILURES, authFailures(fixture));

        // Locked out: even the right password is refused, and the slow check never runs.
        for (String password : List.of(new String(door.password().chars()), "another-guess")) {
          MqttException blocked = assertThrows(MqttException.class, () -> fixture.connect(
              "limited-door-1", "limited-door", password.toCharArray()));
          assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, blocked.getReasonCode());
        }
        warnings = log.messages();
      }

      assertEquals(2, fixture.counter(THROTTLED));
      assertEquals(authBefore + FAILURES, authFailures(fixture));
      assertEquals(1, warnings.size(), warnings.toString());
      assertEquals("MQTT CONNECTs from 127.0.0.1 are refused for 600 s: too many were refused"
          + " for their credentials or will", warnings.get(0));
      // The appliance's own clients on the same address still get in.
      assertTrue(fixture.connectInternal("own-client").isConnected());
      assertEquals(2, fixture.counter(THROTTLED));
    }
  }
}
