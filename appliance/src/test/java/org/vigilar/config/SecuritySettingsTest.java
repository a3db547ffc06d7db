package org.vigilar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuritySettingsTest {

  @TempDir
  Path dir;

  private Settings load(Map<String, String> env, String yaml) throws Exception {
    Path file = dir.resolve("vigilar.yml");
    Files.writeString(file, yaml);
    return new SettingsLoader(env).load(file, Map.of("data_dir", dir.toString()));
  }

  @Test
  void secureDefaults() throws Exception {
    Settings settings = load(Map.of(), "");
    assertFalse(settings.mqtt().allowAnonymous());
    assertEquals(8883, settings.mqtt().tlsPort());
    assertEquals(8443, settings.web().httpsPort());
    assertFalse(settings.web().redirectHttp());
    assertEquals(null, settings.web().tlsCert());
    assertEquals(10, settings.mqtt().addressFailures());
    assertEquals(Duration.ofSeconds(1), settings.mqtt().addressLockout());
    assertEquals(Duration.ofMinutes(15), settings.mqtt().maxAddressLockout());
  }

  @Test
  void theLimitOfFailedConnectsPerAddressIsRead() throws Exception {
    Settings settings = load(Map.of("VIGILAR_MQTT_ADDRESS_LOCKOUT", "30m"),
        "mqtt: { address_failures: 3 }\n");
    assertEquals(3, settings.mqtt().addressFailures());
    assertEquals(Duration.ofMinutes(30), settings.mqtt().addressLockout());
    assertEquals(Duration.ofMinutes(30), settings.mqtt().maxAddressLockout());
  }

  @Test
  void tlsFilesAndRedirectAreRead() throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
    Path key = Files.writeString(dir.resolve("key.pem"), "x");
    Settings settings = load(Map.of("VIGILAR_WEB_REDIRECT_HTTP", "true"),
        "web: { tls_cert: " + cert + ", tls_key: " + key + " }\n");
    assertTrue(settings.web().redirectHttp());
    assertEquals(cert, settings.web().tlsCert());
    assertEquals(key, settings.web().tlsKey());
  }

  @Test
  void aCertificateWithoutItsKeyOrAnUnreadableFileStopsTheStart() throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
    SettingsException alone = assertThrows(SettingsException.class,
        () -> load(Map.of(), "web: { tls_cert: " + cert + " }\n"));
    assertTrue(alone.getMessage().contains("web.tls_cert and web.tls_key"), alone.getMessage());
    SettingsException missing = assertThrows(SettingsException.class,
        () -> load(Map.of(), "web: { tls_cert: " + cert + ", tls_key: /nonexistent/key.pem }\n"));
    assertTrue(missing.getMessage().contains("web.tls_key"), missing.getMessage());
  }
}
