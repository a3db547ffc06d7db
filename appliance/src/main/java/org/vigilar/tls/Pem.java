package org.vigilar.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.vigilar.security.SecretFiles;

/** Reading and writing certificates and keys as PEM files. */
final class Pem {

  private Pem() {
  }

  /**
   * Every certificate in a PEM file, in order.
   *
   * @throws IllegalArgumentException when the file holds none or cannot be parsed
   */
  static List<X509Certificate> certificates(Path file) {
    List<X509Certificate> certificates = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof X509CertificateHolder holder) {
          certificates.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException("cannot read certificates from " + file + ": "
          + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no PEM certificate");
    }
    return certificates;
  }

  /**
   * The private key in a PEM file (PKCS#8, or the traditional EC and RSA forms).
   *
   * @throws IllegalArgumentException when there is none, or it is encrypted
   */
  static PrivateKey privateKey(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (item instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
        if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new IllegalArgumentException("the key in " + file
              + " is encrypted; give an unencrypted key in an owner-only file");
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read a private key from " + file + ": "
          + e.getMessage(), e);
    }
    throw new IllegalArgumentException(file + " holds no PEM private key");
  }

  /** Writes certificates to an owner-only file. */
  static void writeCertificates(Path file, List<X509Certificate> certificates) {
    StringBuilder text = new StringBuilder();
    certificates.forEach(c -> text.append(TlsMaterial.pem(c)));
    SecretFiles.write(file, text.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** Writes a private key (PKCS#8, unencrypted) to an owner-only file. */
  static void writeKey(Path file, PrivateKey key) {
    try {
      String text = TlsMaterial.pem(new JcaPKCS8Generator(key, null).generate());
      SecretFiles.write(file, text.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the key for " + file, e);
    }
  }
}
