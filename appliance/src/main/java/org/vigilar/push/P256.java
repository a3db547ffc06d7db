package org.vigilar.push;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;

/**
 * P-256 keys in the raw forms Web Push uses, with the JDK's providers only: the public key as
 * an uncompressed point (65 bytes), the private key as its 32-byte scalar.
 */
final class P256 {

  private static final String CURVE = "secp256r1";
  private static final int FIELD_BYTES = 32;
  private static final byte UNCOMPRESSED = 0x04;

  private P256() {
  }

  static KeyPair generate(SecureRandom random) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(CURVE), random);
    return generator.generateKeyPair();
  }

  static byte[] encodePublic(PublicKey key) {
    ECPoint point = ((ECPublicKey) key).getW();
    byte[] raw = new byte[1 + 2 * FIELD_BYTES];
    raw[0] = UNCOMPRESSED;
    unsigned(point.getAffineX(), raw, 1);
    unsigned(point.getAffineY(), raw, 1 + FIELD_BYTES);
    return raw;
  }

  static byte[] encodePrivate(PrivateKey key) {
    byte[] raw = new byte[FIELD_BYTES];
    unsigned(((ECPrivateKey) key).getS(), raw, 0);
    return raw;
  }

  /** Reads an uncompressed point, refusing one that is not on the curve. */
  static PublicKey decodePublic(byte[] raw) throws GeneralSecurityException {
    ECParameterSpec parameters = parameters();
    ECPoint point = point(raw, parameters);
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, parameters));
  }

  /** Whether {@code raw} is an uncompressed point on the curve, as a browser's key must be. */
  static boolean isPoint(byte[] raw) {
    try {
      point(raw, parameters());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static ECPoint point(byte[] raw, ECParameterSpec parameters)
      throws InvalidKeyException {
    if (raw.length != 1 + 2 * FIELD_BYTES || raw[0] != UNCOMPRESSED) {
      throw new InvalidKeyException("a public key must be an uncompressed point of 65 bytes");
    }
    BigInteger x = new BigInteger(1, raw, 1, FIELD_BYTES);
    BigInteger y = new BigInteger(1, raw, 1 + FIELD_BYTES, FIELD_BYTES);
    EllipticCurve curve = parameters.getCurve();
    BigInteger p = ((ECFieldFp) curve.getField()).getP();
    // y^2 = x^3 + ax + b (mod p), with both coordinates inside the field.
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !left.equals(right)) {
      throw new InvalidKeyException("the public key is not a point on P-256");
    }
    return new ECPoint(x, y);
  }

  /** Reads a scalar; older files may hold it with a leading zero byte, 33 bytes long. */
  static PrivateKey decodePrivate(byte[] raw) throws GeneralSecurityException {
    BigInteger s = new BigInteger(1, raw);
    ECParameterSpec parameters = parameters();
    if (raw.length > FIELD_BYTES + 1 || s.signum() == 0
        || s.compareTo(parameters.getOrder()) >= 0) {
      throw new InvalidKeyException("a private key must be a scalar below the curve's order");
    }
    return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, parameters));
  }

  /** Whether the private key signs what the public key verifies. */
  static boolean belongTogether(KeyPair pair) throws GeneralSecurityException {
    byte[] probe = "vigilar vapid key check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(pair.getPrivate());
    signer.update(probe);
    byte[] signature = signer.sign();

    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(pair.getPublic());
    verifier.update(probe);
    return verifier.verify(signature);
  }

  private static ECParameterSpec parameters() throws GeneralSecurityException {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec(CURVE));
    return parameters.getParameterSpec(ECParameterSpec.class);
  }

  /** Writes {@code value} big-endian into exactly {@link #FIELD_BYTES} bytes at {@code at}. */
  private static void unsigned(BigInteger value, byte[] out, int at) {
    byte[] bytes = value.toByteArray();
    int skip = bytes.length > FIELD_BYTES ? bytes.length - FIELD_BYTES : 0;
    int length = bytes.length - skip;
    System.arraycopy(bytes, skip, out, at + FIELD_BYTES - length, length);
  }
}
