package org.vigilar.push;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** The keys a browser sends with its subscription, made up for a fake push service. */
public final class BrowserKeys {

  private BrowserKeys() {
  }

  /** {@code {"endpoint": …, "keys": {"p256dh": …, "auth": …}, "label": …}}. */
  public static String subscription(String endpoint, String label) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
      byte[] point = new byte[65];
      point[0] = 4;
      copy(key.getW().getAffineX(), point, 1);
      copy(key.getW().getAffineY(), point, 33);
      byte[] auth = new byte[16];
      new SecureRandom().nextBytes(auth);
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      return "{\"endpoint\":\"" + endpoint + "\",\"keys\":{\"p256dh\":\""
          + b64.encodeToString(point) + "\",\"auth\":\"" + b64.encodeToString(auth)
          + "\"},\"label\":\"" + label + "\"}";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copy(BigInteger value, byte[] to, int offset) {
    byte[] bytes = value.toByteArray();
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, to, offset + 32 - length, length);
  }
}
