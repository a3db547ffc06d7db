package org.vigilar.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

  private final SecureRandom random = new SecureRandom();

  @Test
  void verifiesTheRightPasswordOnly() {
    String hash = PasswordHash.hash("s3cret-pass".toCharArray(), random);
    assertTrue(PasswordHash.verify("s3cret-pass".toCharArray(), hash));
    assertFalse(PasswordHash.verify("s3cret-pasS".toCharArray(), hash));
  }

  @Test
  void hashesAreSaltedAndCarryTheirParameters() {
    String first = PasswordHash.hash("same".toCharArray(), random);
    String second = PasswordHash.hash("same".toCharArray(), random);
    assertNotEquals(first, second);
    assertEquals("pbkdf2-sha256$" + PasswordHash.ITERATIONS, first.substring(0,
        first.indexOf('$', "pbkdf2-sha256$".length())));
    assertFalse(first.contains("same"));
  }

  @Test
  void malformedOrWeakHashesNeverVerify() {
    assertFalse(PasswordHash.verify("x".toCharArray(), "plain"));
    assertFalse(PasswordHash.verify("x".toCharArray(), "pbkdf2-sha256$1$AAAA$AAAA"));
    assertFalse(PasswordHash.verify("x".toCharArray(), "pbkdf2-sha256$x$AAAA$AAAA"));
    assertFalse(PasswordHash.verify(null, "pbkdf2-sha256$210000$AAAA$AAAA"));
  }

  @Test
  void generatedSecretsHaveTheirShapes() {
    assertTrue(Secrets.typeablePassword(random).matches("([a-z2-9]{5}-){3}[a-z2-9]{5}"));
    assertEquals(24, Secrets.devicePassword(random).length());
    assertTrue(Secrets.apiToken(random).startsWith("vgl_"));
    assertEquals("***", new Secret("hunter2").toString());
  }
}
