package org.vigilar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.config.Settings;
import org.vigilar.devices.NewCredential;
import org.vigilar.tls.CertificateAuthority;
import org.vigilar.tls.TlsMaterial;
import org.vigilar.tls.TlsSetup;

class SecurityTlsTest {

  @TempDir
  Path dir;

  private static Settings withTls(Settings settings) {
    return settings
        .withWeb(settings.web().withHttpsPort(0))
        .withMqtt(settings.mqtt().withTlsPort(0));
  }

  @Test
  void httpsAndMqttOverTlsWorkWithOnlyTheGeneratedCaTrusted() throws Exception {
    try (SecurityFixture fixture = SecurityFixture.start(dir, SecurityTlsTest::withTls)) {
      SSLContext trustCa = trusting(Files.readString(dir.resolve("tls/ca.pem")));
      HttpClient https = HttpClient.newBuilder().sslContext(trustCa).build();
      int port = fixture.appliance.httpsPort();
      HttpResponse<String> page = https.send(HttpRequest.newBuilder(
          URI.create("https://localhost:" + port + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("Vigilar"));

      HttpClient untrusting = HttpClient.newHttpClient();
      assertThrows(SSLHandshakeException.class, () -> untrusting.send(HttpRequest.newBuilder(
          URI.create("https://localhost:" + port + "/")).build(),
          HttpResponse.BodyHandlers.ofString()));

      NewCredential sensor = fixture.addDevice("tls-sensor");
      MqttConnectOptions options = fixture.options("tls-sensor", sensor.password().chars());
      options.setSocketFactory(trustCa.getSocketFactory());
      options.setHttpsHostnameVerificationEnabled(true);
      MqttClient client = fixture.connectWith("ssl://localhost:" + fixture.appliance.mqttTlsPort(),
          "tls-sensor-1", options);
      client.publish("vigilar/sensors/tls-sensor/contact", "open".getBytes(), 1, false);
      assertTrue(client.isConnected());
    }
  }

  @Test
  void loginOverHttpsSetsASecureCookie() throws Exception {
    try (SecurityFixture fixture = SecurityFixture.start(dir, SecurityTlsTest::withTls)) {
      HttpClient https = HttpClient.newBuilder()
          .sslContext(trusting(Files.readString(dir.resolve("tls/ca.pem")))).build();
      HttpResponse<String> login = https.send(HttpRequest.newBuilder(
          URI.create("https://localhost:" + fixture.appliance.httpsPort() + "/api/login"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"password\":\"" + SecurityFixture.ADMIN_PASSWORD + "\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, login.statusCode());
      assertTrue(login.headers().firstValue("Set-Cookie").orElseThrow().endsWith("; Secure"));
    }
  }

  @Test
  void theServerCertificateNamesThisMachine() throws Exception {
    try (SecurityFixture fixture = SecurityFixture.start(dir, SecurityTlsTest::withTls)) {
      X509Certificate server = certificates(Files.readString(dir.resolve("tls/server.pem")))
          .get(0);
      Collection<List<?>> sans = server.getSubjectAlternativeNames();
      Set<String> names = sans.stream().map(san -> san.get(1).toString())
          .collect(Collectors.toSet());
      assertTrue(names.contains("localhost"), names.toString());
      assertTrue(names.contains("vigilar.local"), names.toString());
      assertTrue(names.contains("127.0.0.1"), names.toString());
      String host = hostName();
      assertTrue(names.stream().anyMatch(n -> n.equalsIgnoreCase(host)),
          names + " lacks the host name " + host);
      assertEquals("EC", server.getPublicKey().getAlgorithm());
      assertEquals(-1, server.getBasicConstraints());
    }
  }

  @Test
  void theCaIsServedWithoutASessionAndKeptAcrossRestarts() throws Exception {
    String first;
    try (SecurityFixture fixture = SecurityFixture.start(dir, SecurityTlsTest::withTls)) {
      HttpResponse<String> ca = fixture.get("/api/tls/ca.pem", null);
      assertEquals(200, ca.statusCode());
      assertTrue(ca.body().startsWith("-----BEGIN CERTIFICATE-----"));
      assertEquals(Files.readString(dir.resolve("tls/ca.pem")), ca.body());
      first = ca.body();
    }
    try (SecurityFixture again = SecurityFixture.start(dir, SecurityTlsTest::withTls)) {
      assertEquals(first, again.get("/api/tls/ca.pem", null).body());
    }
  }

  @Test
  void theSignInPageLearnsWhereHttpsIsWithoutASessionButApiTlsNeedsOne() throws Exception {
    try (SecurityFixture fixture = SecurityFixture.start(dir, SecurityTlsTest::withTls)) {
      String fingerprint = TlsMaterial.fingerprint(certificates(
          Files.readString(dir.resolve("tls/ca.pem"))).get(0));
      String expected = "{\"https_port\":" + fixture.appliance.httpsPort()
          + ",\"ca_url\":\"/api/tls/ca.pem\",\"ca_sha256\":\"" + fingerprint + "\"}";

      HttpResponse<String> facts = fixture.get("/api/login", null);
      assertEquals(200, facts.statusCode());
      assertEquals(expected, facts.body());

      HttpResponse<String> refused = fixture.get("/api/tls", null);
      assertEquals(401, refused.statusCode());
      assertEquals("{\"error\":\"sign in required\"}", refused.body());
      HttpResponse<String> signedIn = fixture.get("/api/tls", fixture.signIn());
      assertEquals(200, signedIn.statusCode());
      assertEquals(expected, signedIn.body());
    }
  }

  @Test
  void keysAndTheStoreAreReadableByTheOwnerOnly() throws IOException {
    try (SecurityFixture fixture = SecurityFixture.start(dir, SecurityTlsTest::withTls)) {
      for (String file : List.of("tls/ca-key.pem", "tls/server-key.pem", "vigilar.db")) {
        assertEquals("rw-------", PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve(file))), file);
      }
      for (Path folder : List.of(dir, dir.resolve("tls"))) {
        assertEquals("rwx------", PosixFilePermissions.toString(
            Files.getPosixFilePermissions(folder)), folder.toString());
      }
    }
  }

  @Test
  void plainHttpCanRedirectToHttpsButStillServesTheCaAndHealth() {
    try (SecurityFixture fixture = SecurityFixture.start(dir, s -> withTls(s)
        .withWeb(withTls(s).web().withRedirectHttp(true)))) {
      HttpResponse<String> page = fixture.get("/api/events?limit=5", null);
      assertEquals(308, page.statusCode());
      assertEquals("https://127.0.0.1:" + fixture.appliance.httpsPort() + "/api/events?limit=5",
          page.headers().firstValue("Location").orElse(""));
      assertEquals(200, fixture.get("/api/tls/ca.pem", null).statusCode());
      assertEquals(200, fixture.get("/healthz", null).statusCode());
      assertEquals(308, fixture.get("/api/tls", null).statusCode());
    }
  }

  @Test
  void theOperatorsOwnCertificateIsServedWhenConfigured() throws Exception {
    SecureRandom random = new SecureRandom();
    CertificateAuthority theirs = CertificateAuthority.create("operator", Instant.now(), random);
    TlsMaterial issued = theirs.issueServer("box.example", Set.of("localhost", "box.example"),
        Set.of(InetAddress.getLoopbackAddress()), Instant.now());
    Path cert = dir.resolve("operator-cert.pem");
    Path key = dir.resolve("operator-key.pem");
    Files.writeString(cert, pem(issued.chain().get(0)) + pem(issued.chain().get(1)));
    Files.writeString(key, pem(new JcaPKCS8Generator(issued.key(), null).generate()));

    try (SecurityFixture fixture = SecurityFixture.start(dir, s -> withTls(s)
        .withWeb(withTls(s).web().withTls(cert, key)))) {
      SSLContext trustTheirs = trusting(pem(theirs.certificate()));
      HttpClient https = HttpClient.newBuilder().sslContext(trustTheirs).build();
      HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create(
          "https://localhost:" + fixture.appliance.httpsPort() + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      assertEquals(pem(theirs.certificate()), fixture.get("/api/tls/ca.pem", null).body());
      assertTrue(Files.notExists(dir.resolve(TlsSetup.DIRECTORY).resolve(TlsSetup.CA_KEY)));
    }
  }

  /** A TLS context that trusts only the certificates in {@code caPem}. */
  static SSLContext trusting(String caPem) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int i = 0;
    for (X509Certificate ca : certificates(caPem)) {
      store.setCertificateEntry("ca" + i++, ca);
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  @SuppressWarnings("unchecked")
  private static List<X509Certificate> certificates(String pem) throws Exception {
    try (InputStream in = new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))) {
      return (List<X509Certificate>) (List<?>) List.copyOf(
          CertificateFactory.getInstance("X.509").generateCertificates(in));
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static String hostName() throws IOException {
    Path kernel = Path.of("/proc/sys/kernel/hostname");
    return Files.isReadable(kernel) ? Files.readString(kernel).strip()
        : InetAddress.getLocalHost().getHostName();
  }
}
