package org.vigilar.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.security.SecretFiles;

/**
 * Finds or makes the TLS material at start.
 *
 * <p>With {@code web.tls_cert} and {@code web.tls_key} the operator's PEM files are used as they
 * are. Otherwise the appliance keeps its own CA and server certificate under {@code DATA_DIR/tls}
 * (keys owner-only): the CA is made once, and the server certificate is issued again when it
 * nears its end or no longer names this machine (a new address from DHCP), so phones that trust
 * the CA keep working.
 */
public final class TlsSetup {

  public static final String DIRECTORY = "tls";
  public static final String CA_CERT = "ca.pem";
  public static final String CA_KEY = "ca-key.pem";
  public static final String SERVER_CERT = "server.pem";
  public static final String SERVER_KEY = "server-key.pem";
  static final Duration RENEW_BEFORE = Duration.ofDays(60);
  private static final Logger log = LoggerFactory.getLogger(TlsSetup.class);

  private TlsSetup() {
  }

  /**
   * The material to serve.
   *
   * @param operatorCert the operator's certificate chain (PEM), or null to use the appliance CA
   * @param operatorKey the operator's private key (PEM); given exactly when the chain is
   * @throws IllegalArgumentException when the operator's files are unusable
   */
  public static TlsMaterial prepare(Path dataDir, Path operatorCert, Path operatorKey,
      Clock clock, SecureRandom random) {
    if (operatorCert != null) {
      return operator(operatorCert, operatorKey);
    }
    Path dir = dataDir.resolve(DIRECTORY);
    SecretFiles.ownerOnlyDirectory(dir);
    Instant now = clock.instant();
    CertificateAuthority ca = loadOrCreateCa(dir, now, random);
    String host = hostName();
    Set<String> names = new LinkedHashSet<>(List.of(host, "vigilar.local", "localhost"));
    if (!host.contains(".")) {
      names.add(host + ".local");
    }
    Set<InetAddress> addresses = localAddresses();
    TlsMaterial existing = loadServer(dir, ca);
    if (existing != null && fits(existing.certificate(), names, addresses, now)) {
      return existing;
    }
    TlsMaterial issued = ca.issueServer(host, names, addresses, now);
    Pem.writeKey(dir.resolve(SERVER_KEY), issued.key());
    Pem.writeCertificates(dir.resolve(SERVER_CERT), issued.chain());
    log.info("Issued the server certificate for {} and {}", names, addresses.stream()
        .map(InetAddress::getHostAddress).toList());
    return issued;
  }

  private static TlsMaterial operator(Path certFile, Path keyFile) {
    List<X509Certificate> chain = Pem.certificates(certFile);
    PrivateKey key = Pem.privateKey(keyFile);
    requireMatch(key, chain.get(0), certFile, keyFile);
    X509Certificate last = chain.get(chain.size() - 1);
    X509Certificate ca = chain.size() > 1 && last.getBasicConstraints() >= 0 ? last : null;
    log.info("Using the operator's certificate {} (expires {})",
        chain.get(0).getSubjectX500Principal().getName(), chain.get(0).getNotAfter().toInstant());
    return new TlsMaterial(key, chain, ca);
  }

  private static void requireMatch(PrivateKey key, X509Certificate cert, Path certFile,
      Path keyFile) {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm()
          + " in " + keyFile);
    };
    try {
      byte[] probe = "vigilar".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new IllegalArgumentException("the key in " + keyFile
            + " does not belong to the certificate in " + certFile);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the key in " + keyFile
          + " does not belong to the certificate in " + certFile + ": " + e.getMessage(), e);
    }
  }

  private static CertificateAuthority loadOrCreateCa(Path dir, Instant now, SecureRandom random) {
    Path certFile = dir.resolve(CA_CERT);
    Path keyFile = dir.resolve(CA_KEY);
    if (Files.exists(certFile) && Files.exists(keyFile)) {
      X509Certificate cert = Pem.certificates(certFile).get(0);
      PrivateKey key = Pem.privateKey(keyFile);
      SecretFiles.restrict(keyFile);
      return new CertificateAuthority(new KeyPair(cert.getPublicKey(), key), cert, random);
    }
    CertificateAuthority ca = CertificateAuthority.create(hostName(), now, random);
    Pem.writeKey(keyFile, ca.privateKey());
    Pem.writeCertificates(certFile, List.of(ca.certificate()));
    log.info("Created the appliance CA {} (SHA-256 {})", certFile,
        TlsMaterial.fingerprint(ca.certificate()));
    return ca;
  }

  private static TlsMaterial loadServer(Path dir, CertificateAuthority ca) {
    Path certFile = dir.resolve(SERVER_CERT);
    Path keyFile = dir.resolve(SERVER_KEY);
    if (!Files.exists(certFile) || !Files.exists(keyFile)) {
      return null;
    }
    try {
      X509Certificate cert = Pem.certificates(certFile).get(0);
      cert.verify(ca.certificate().getPublicKey());
      SecretFiles.restrict(keyFile);
      return new TlsMaterial(Pem.privateKey(keyFile), List.of(cert, ca.certificate()),
          ca.certificate());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      log.warn("Replacing the server certificate in {}: {}", certFile, e.getMessage());
      return null;
    }
  }

  private static boolean fits(X509Certificate cert, Set<String> names, Set<InetAddress> addresses,
      Instant now) {
    if (cert.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
      return false;
    }
    Set<String> dns = new LinkedHashSet<>();
    Set<InetAddress> ips = new LinkedHashSet<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
        int type = (Integer) san.get(0);
        if (type == 2) {
          dns.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
        } else if (type == 7) {
          ips.add(InetAddress.getByName((String) san.get(1)));
        }
      }
    } catch (CertificateParsingException | UnknownHostException e) {
      return false;
    }
    return names.stream().allMatch(n -> dns.contains(n.toLowerCase(Locale.ROOT)))
        && ips.containsAll(addresses);
  }

  /** This machine's name, without asking DNS (which may hang on a box without a network). */
  static String hostName() {
    Path kernel = Path.of("/proc/sys/kernel/hostname");
    try {
      if (Files.isReadable(kernel)) {
        String name = Files.readString(kernel, StandardCharsets.US_ASCII).strip();
        if (name.matches("[A-Za-z0-9.-]{1,253}")) {
          return name.toLowerCase(Locale.ROOT);
        }
      }
    } catch (IOException e) {
      log.debug("Cannot read {}: {}", kernel, e.getMessage());
    }
    try {
      return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (UnknownHostException e) {
      return "vigilar";
    }
  }

  /** The addresses of the interfaces that are up, without IPv6 link-local ones. */
  static Set<InetAddress> localAddresses() {
    Set<InetAddress> addresses = new LinkedHashSet<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (!address.isLinkLocalAddress()) {
            addresses.add(InetAddress.getByAddress(address.getAddress()));
          }
        }
      }
    } catch (SocketException | UnknownHostException e) {
      log.warn("Cannot list the network interfaces; the certificate names localhost only: {}",
          e.getMessage());
    }
    addresses.add(InetAddress.getLoopbackAddress());
    return addresses;
  }
}
