package org.vigilar.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files as the appliance writes them and as operators bring them. */
class PemTest {

  @TempDir
  Path dir;

  private final CertificateAuthority ca =
      CertificateAuthority.create("pem-test", Instant.now(), new SecureRandom());

  @Test
  void whatTheApplianceWritesReadsBackTheSame() {
    Path certs = dir.resolve("chain.pem");
    Path key = dir.resolve("key.pem");

    Pem.writeCertificates(certs, List.of(ca.certificate(), ca.certificate()));
    Pem.writeKey(key, ca.privateKey());

    assertEquals(List.of(ca.certificate(), ca.certificate()), Pem.certificates(certs));
    assertArrayEquals(ca.privateKey().getEncoded(), Pem.privateKey(key).getEncoded());
  }

  @Test
  void blocksAmidOtherTextAreFound() throws Exception {
    Path file = dir.resolve("bundle.pem");
    Files.writeString(file, "subject=pem-test\n" + Pem.pem(ca.certificate()) + "\nnotes\n"
        + "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        + new String(Files.readAllBytes(writeKey(ca.privateKey())), StandardCharsets.US_ASCII));

    assertEquals(List.of(ca.certificate()), Pem.certificates(file));
    assertArrayEquals(ca.privateKey().getEncoded(), Pem.privateKey(file).getEncoded());
  }

  @Test
  void traditionalEcAndRsaKeysAreReadToo() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    // As OpenSSL writes them: BouncyCastle's EC keys carry their curve in the SEC1 form.
    PrivateKey ec = KeyFactory.getInstance("EC", new BouncyCastleProvider())
        .generatePrivate(new PKCS8EncodedKeySpec(ca.privateKey().getEncoded()));
    for (PrivateKey key : List.of(ec, rsa.generateKeyPair().getPrivate())) {
      Path file = dir.resolve("traditional-" + key.getAlgorithm() + ".pem");
      StringWriter text = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
        writer.writeObject(key);
      }
      Files.writeString(file, text.toString());
      assertTrue(text.toString().startsWith("-----BEGIN " + key.getAlgorithm()
          + " PRIVATE KEY-----"), text.toString());

      assertEquals(secret(key), secret(Pem.privateKey(file)));
    }
  }

  @Test
  void unusableFilesAreRefusedWithTheReason() throws Exception {
    Path encrypted = dir.resolve("encrypted.pem");
    Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
        + "-----END ENCRYPTED PRIVATE KEY-----\n");
    Path certOnly = dir.resolve("cert.pem");
    Pem.writeCertificates(certOnly, List.of(ca.certificate()));
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

    assertMessage("is encrypted", () -> Pem.privateKey(encrypted));
    assertMessage("holds no PEM private key", () -> Pem.privateKey(certOnly));
    assertMessage("holds no PEM certificate", () -> Pem.certificates(encrypted));
    assertMessage("cannot read certificates", () -> Pem.certificates(garbage));
    assertMessage("cannot read", () -> Pem.certificates(dir.resolve("missing.pem")));
  }

  private static BigInteger secret(PrivateKey key) {
    return key instanceof ECPrivateKey ec ? ec.getS()
        : ((RSAPrivateKey) key).getPrivateExponent();
  }

  private Path writeKey(PrivateKey key) {
    Path file = dir.resolve("key-" + System.nanoTime() + ".pem");
    Pem.writeKey(file, key);
    return file;
  }

  private static void assertMessage(String expected, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
