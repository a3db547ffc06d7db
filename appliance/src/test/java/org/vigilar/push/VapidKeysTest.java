package org.vigilar.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import nl.martijndwars.webpush.Utils;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VapidKeysTest {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  @TempDir
  Path dir;

  @Test
  void aNewPairIsWrittenOwnerOnlyAndReadBackTheSame() throws Exception {
    Path file = dir.resolve("vapid.properties");

    VapidKeys made = VapidKeys.loadOrCreate(file, new SecureRandom());
    VapidKeys read = VapidKeys.loadOrCreate(file, new SecureRandom());

    assertEquals(made.publicKey(), read.publicKey());
    assertEquals(65, Base64.getUrlDecoder().decode(made.publicKey()).length);
    assertArrayEquals(made.pair().getPrivate().getEncoded(),
        read.pair().getPrivate().getEncoded());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void aFileWrittenWithTheWebPushLibrarysEncodingStillLoads() throws Exception {
    CryptoProvider.install();
    KeyPair old = oldStylePairWithLongScalar();
    String publicText = B64.encodeToString(Utils.encode((ECPublicKey) old.getPublic()));
    Path file = write("public=" + publicText + "\nprivate="
        + B64.encodeToString(Utils.encode((ECPrivateKey) old.getPrivate())) + "\n");

    VapidKeys keys = VapidKeys.loadOrCreate(file, new SecureRandom());

    assertEquals(publicText, keys.publicKey());
    assertTrue(P256.belongTogether(keys.pair()));
  }

  @Test
  void keysOfTwoDifferentPairsAreRefused() throws Exception {
    KeyPair one = P256.generate(new SecureRandom());
    KeyPair two = P256.generate(new SecureRandom());
    Path file = write("public=" + B64.encodeToString(P256.encodePublic(one.getPublic()))
        + "\nprivate=" + B64.encodeToString(P256.encodePrivate(two.getPrivate())) + "\n");

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> VapidKeys.loadOrCreate(file, new SecureRandom()));

    assertTrue(e.getMessage().contains("do not belong together"), e.getMessage());
  }

  @Test
  void aPublicKeyThatIsNoPointIsRefusedWithoutShowingThePrivateKey() throws Exception {
    KeyPair pair = P256.generate(new SecureRandom());
    String privateText = B64.encodeToString(P256.encodePrivate(pair.getPrivate()));
    Path file = write("public=" + B64.encodeToString(new byte[33]) + "\nprivate=" + privateText);

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> VapidKeys.loadOrCreate(file, new SecureRandom()));

    assertTrue(e.getMessage().contains("not valid P-256 keys"), e.getMessage());
    assertTrue(!e.getMessage().contains(privateText), e.getMessage());
  }

  @Test
  void aPointOffTheCurveIsRefused() throws Exception {
    KeyPair pair = P256.generate(new SecureRandom());
    byte[] point = P256.encodePublic(pair.getPublic());
    point[64] ^= 1;
    Path file = write("public=" + B64.encodeToString(point) + "\nprivate="
        + B64.encodeToString(P256.encodePrivate(pair.getPrivate())));

    assertThrows(IllegalStateException.class,
        () -> VapidKeys.loadOrCreate(file, new SecureRandom()));
  }

  /** The library wrote the scalar as a signed big integer: 33 bytes when its top bit is set. */
  private static KeyPair oldStylePairWithLongScalar() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("ECDH", "BC");
    generator.initialize(ECNamedCurveTable.getParameterSpec("prime256v1"), new SecureRandom());
    while (true) {
      KeyPair pair = generator.generateKeyPair();
      if (Utils.encode((ECPrivateKey) pair.getPrivate()).length == 33) {
        return pair;
      }
    }
  }

  private Path write(String text) throws Exception {
    Path file = dir.resolve("vapid.properties");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
