package org.vigilar.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads keys in the traditional OpenSSL forms ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY})
 * that the JDK cannot; kept apart so that BouncyCastle is loaded only for such a key.
 */
final class TraditionalKeys {

  private TraditionalKeys() {
  }

  /**
   * @throws IllegalArgumentException when the file holds no such key, or it is encrypted
   */
  static PrivateKey read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (item instanceof PEMKeyPair pair) {
          // Only the private part: some tools leave the optional public key out.
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (item instanceof PEMEncryptedKeyPair) {
          throw Pem.encrypted(file);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read a private key from " + file + ": "
          + e.getMessage(), e);
    }
    throw new IllegalArgumentException(file + " holds no PEM private key");
  }
}
