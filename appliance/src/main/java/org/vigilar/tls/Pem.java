package org.vigilar.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigilar.security.SecretFiles;

/**
 * Reading and writing certificates and keys as PEM files.
 *
 * <p>Certificates and PKCS#8 keys, the forms the appliance writes, are read with the JDK alone,
 * so a start with TLS on does not load BouncyCastle (some 10 MB of memory). Only an operator's
 * key in a traditional OpenSSL form goes through {@link TraditionalKeys}.
 */
final class Pem {

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519");

  private Pem() {
  }

  /** A PEM block: its label (such as {@code CERTIFICATE}) and its decoded content. */
  private record Block(String label, byte[] der) {
  }

  /**
   * Every certificate in a PEM file, in order.
   *
   * @throws IllegalArgumentException when the file holds none or cannot be parsed
   */
  static List<X509Certificate> certificates(Path file) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block block : blocks(file)) {
        if (block.label().equals("CERTIFICATE")) {
          certificates.add((X509Certificate) factory.generateCertificate(
              new ByteArrayInputStream(block.der())));
        }
      }
    } catch (CertificateException e) {
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
    for (Block block : blocks(file)) {
      switch (block.label()) {
        case "PRIVATE KEY" -> {
          return pkcs8(block.der(), file);
        }
        case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
        case "EC PRIVATE KEY", "RSA PRIVATE KEY" -> {
          return TraditionalKeys.read(file);
        }
        default -> {
          // Certificates or parameters next to the key; look further.
        }
      }
    }
    throw new IllegalArgumentException(file + " holds no PEM private key");
  }

  static IllegalArgumentException encrypted(Path file) {
    return new IllegalArgumentException("the key in " + file
        + " is encrypted; give an unencrypted key in an owner-only file");
  }

  /** Writes certificates to an owner-only file. */
  static void writeCertificates(Path file, List<X509Certificate> certificates) {
    StringBuilder text = new StringBuilder();
    certificates.forEach(c -> text.append(pem(c)));
    SecretFiles.write(file, text.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** Writes a private key (PKCS#8, unencrypted) to an owner-only file. */
  static void writeKey(Path file, PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("cannot write a " + key.getFormat() + " key as PKCS#8");
    }
    SecretFiles.write(file, pem("PRIVATE KEY", key.getEncoded())
        .getBytes(StandardCharsets.US_ASCII));
  }

  static String pem(X509Certificate certificate) {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateException e) {
      throw new IllegalArgumentException("cannot encode a certificate: " + e.getMessage(), e);
    }
  }

  private static String pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  private static PrivateKey pkcs8(byte[] der, Path file) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // Not this algorithm; try the next.
      }
    }
    throw new IllegalArgumentException("the key in " + file + " is not an EC, RSA or Ed25519"
        + " PKCS#8 key");
  }

  private static List<Block> blocks(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<Block> blocks = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(text);
    while (matcher.find()) {
      try {
        blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("a " + matcher.group(1) + " block in " + file
            + " is not valid base64", e);
      }
    }
    return blocks;
  }
}
