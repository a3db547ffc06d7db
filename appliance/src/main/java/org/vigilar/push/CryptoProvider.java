package org.vigilar.push;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Registers BouncyCastle, which the Web Push library asks for by name ("BC") for its keys and
 * its AES-GCM. Appended after the JDK's providers so nothing else changes its choice.
 */
public final class CryptoProvider {

  private CryptoProvider() {
  }

  /** Registers the provider unless it is there already; safe to call more than once. */
  public static synchronized void install() {
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Provider provider = new BouncyCastleProvider();
      Security.addProvider(provider);
    }
  }
}
