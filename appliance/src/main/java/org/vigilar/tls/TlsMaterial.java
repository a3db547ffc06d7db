package org.vigilar.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The server key and certificate chain that HTTPS and MQTT over TLS present, and the CA
 * certificate that phones and clients install to trust them.
 *
 * @param chain the server certificate first, then its issuers
 * @param ca the certificate to hand out at {@code /api/tls/ca.pem}, or null when there is none
 *     (an operator's certificate from a public CA)
 */
public record TlsMaterial(PrivateKey key, List<X509Certificate> chain, X509Certificate ca) {

  private static final char[] IN_MEMORY = "vigilar".toCharArray();
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  public TlsMaterial {
    Objects.requireNonNull(key, "key");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("the certificate chain is empty");
    }
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** A JDK context for Undertow's HTTPS listener. */
  public SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers().getKeyManagers(), null, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the HTTPS context: " + e.getMessage(), e);
    }
  }

  private KeyManagerFactory keyManagers() throws GeneralSecurityException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(
          KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, IN_MEMORY);
      return keys;
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot hold the key in memory: " + e.getMessage(), e);
    }
  }

  /** A Netty context for the broker's MQTT over TLS listener. */
  public SslContext nettyContext() {
    try {
      // From key managers rather than the key itself: handed a key, Netty registers
      // BouncyCastle (some 10 MB) just because it is on the class path.
      return SslContextBuilder.forServer(keyManagers())
          .sslProvider(SslProvider.JDK)
          .protocols(PROTOCOLS)
          .build();
    } catch (SSLException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the MQTT TLS context: " + e.getMessage(), e);
    }
  }

  /** The CA certificate in PEM, or null when there is none to hand out. */
  public String caPem() {
    return ca == null ? null : Pem.pem(ca);
  }

  /** The CA certificate's SHA-256 fingerprint, {@code AB:CD:...}, or null. */
  public String caFingerprint() {
    return ca == null ? null : fingerprint(ca);
  }

  public static String fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").formatHex(digest).toUpperCase(Locale.ROOT);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot fingerprint a certificate", e);
    }
  }

  @Override
  public String toString() {
    return "TlsMaterial[subject=" + certificate().getSubjectX500Principal().getName()
        + ", key=***, ca=" + (ca == null ? "none" : caFingerprint()) + "]";
  }
}
