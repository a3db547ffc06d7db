package org.vigilar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.security.AdminAccount;
import org.vigilar.store.Database;
import picocli.CommandLine;

class SecurityCliTest {

  private static final Pattern DEVICE_PASSWORD = Pattern.compile("MQTT password: +(\\S+)");

  @TempDir
  Path dir;

  /** The exit code, standard output and standard error of one command. */
  record Run(int code, String out, String err) {
  }

  private Run vigilar(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--data-dir");
    all.add(dir.toString());
    int code = new CommandLine(new Main())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private static String devicePassword(Run run) {
    Matcher m = DEVICE_PASSWORD.matcher(run.out());
    assertTrue(m.find(), run.out());
    return m.group(1);
  }

  @Test
  void deviceAddPrintsAPasswordOnceAndStoresOnlyASlowHash() throws Exception {
    Run added = vigilar("device", "add", "front-door", "--kind", "contact", "--zone", "hall");
    assertEquals(0, added.code(), added.err());
    String password = devicePassword(added);
    assertEquals(24, password.length());

    try (Database db = Database.open(dir.resolve("vigilar.db"))) {
      String hash = db.read(c -> {
        try (PreparedStatement st = c.prepareStatement(
            "SELECT password_hash FROM devices WHERE id = 'front-door'");
            ResultSet rs = st.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      });
      assertTrue(hash.startsWith("pbkdf2-sha256$210000$"), hash);
      assertFalse(hash.contains(password));
    }

    Run listed = vigilar("device", "list");
    assertEquals(0, listed.code());
    assertTrue(listed.out().contains("front-door") && listed.out().contains("contact"));
    assertFalse(listed.out().contains(password));
  }

  @Test
  void badRequestsExitWithAMessage() {
    Run wide = vigilar("device", "add", "gw", "--publish", "vigilar/#");
    assertEquals(1, wide.code());
    assertTrue(wide.err().contains("only the appliance publishes"), wide.err());
    Run shortPassword = vigilar("device", "add", "gw", "--password", "short");
    assertEquals(1, shortPassword.code());
    assertEquals(1, vigilar("device", "remove", "nothing-here").code());
    assertEquals(1, vigilar("device", "reset", "nothing-here").code());
    assertEquals(0, vigilar("device", "add", "twice").code());
    assertTrue(vigilar("device", "add", "twice").err().contains("exists already"));
  }

  @Test
  void deviceCommandsWorkAgainstARunningAppliance() throws Exception {
    try (SecurityFixture fixture = SecurityFixture.start(dir)) {
      Run added = vigilar("device", "add", "gateway", "--password", "gateway-secret",
          "--publish", "vigilar/sensors/#");
      assertEquals(0, added.code(), added.err());
      assertFalse(added.out().contains("gateway-secret"));
      MqttClient gateway = fixture.connect("gw-1", "gateway", "gateway-secret".toCharArray());
      gateway.publish("vigilar/sensors/any-sensor/contact", "open".getBytes(), 1, false);
      assertTrue(gateway.isConnected());

      Run removed = vigilar("device", "remove", "gateway");
      assertEquals(0, removed.code(), removed.err());
      SecurityFixture.await("the removed gateway is disconnected", () -> !gateway.isConnected());
    }
  }

  @Test
  void adminPasswordCommandReplacesThePasswordAndSignsEveryoneOut() {
    String oldSession;
    try (SecurityFixture fixture = SecurityFixture.startFresh(dir)) {
      String generated = Files.readString(dir.resolve(AdminAccount.PASSWORD_FILE)).strip();
      assertTrue(fixture.console.toString().contains(generated));
      oldSession = SecurityFixture.cookieValue(fixture.login(generated));

      Run changed = vigilar("admin", "password", "--password", "a-new-password");
      assertEquals(0, changed.code(), changed.err());
      assertTrue(Files.notExists(dir.resolve(AdminAccount.PASSWORD_FILE)));
      SecurityFixture.await("the old session ends",
          () -> fixture.get("/api/events", oldSession).statusCode() == 401);
      assertEquals(401, fixture.login(generated).statusCode());
      assertEquals(200, fixture.login("a-new-password").statusCode());

      Run generatedAgain = vigilar("admin", "password");
      Matcher m = Pattern.compile("shown once\\): (\\S+)").matcher(generatedAgain.out());
      assertTrue(m.find(), generatedAgain.out());
      assertEquals(200, fixture.login(m.group(1)).statusCode());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void firstStartPrintsTheGeneratedPasswordOnceToAnOwnerOnlyFile() throws Exception {
    String generated;
    try (SecurityFixture fixture = SecurityFixture.startFresh(dir)) {
      Path file = dir.resolve(AdminAccount.PASSWORD_FILE);
      generated = Files.readString(file).strip();
      assertTrue(generated.matches("([a-z2-9]{5}-){3}[a-z2-9]{5}"), generated);
      assertEquals("rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertTrue(fixture.console.toString().contains(generated));
      assertEquals(200, fixture.login(generated).statusCode());
    }
    try (SecurityFixture again = SecurityFixture.startFresh(dir)) {
      assertFalse(again.console.toString().contains(generated));
      assertEquals(200, again.login(generated).statusCode());
    }
  }

  @Test
  void tokenCommandsMakeBearerTokensForIntegrations() {
    try (SecurityFixture fixture = SecurityFixture.start(dir)) {
      Run added = vigilar("token", "add", "node-red");
      assertEquals(0, added.code(), added.err());
      Matcher m = Pattern.compile("shown once\\): (vgl_\\S+)").matcher(added.out());
      assertTrue(m.find(), added.out());
      String token = m.group(1);
      HttpResponse<String> events = fixture.send(fixture.request("/api/events")
          .header("Authorization", "Bearer " + token).GET());
      assertEquals(200, events.statusCode());

      Run listed = vigilar("token", "list");
      assertTrue(listed.out().contains("node-red") && !listed.out().contains(token));
      assertEquals(0, vigilar("token", "remove", "node-red").code());
      assertEquals(401, fixture.send(fixture.request("/api/events")
          .header("Authorization", "Bearer " + token).GET()).statusCode());
    }
  }
}
