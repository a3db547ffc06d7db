package org.vigilar.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The appliance's private certificate authority: an ECDSA P-256 CA made at first start, which
 * signs the server certificate that HTTPS and MQTT over TLS present.
 *
 * <p>Only the JDK's own providers sign and convert; BouncyCastle builds the certificates.
 */
public final class CertificateAuthority {

  static final Duration CA_LIFETIME = Duration.ofDays(3650);
  /** Apple's limit for certificates under a user-installed root. */
  static final Duration SERVER_LIFETIME = Duration.ofDays(825);
  private static final String SIGNATURE = "SHA256withECDSA";

  private final KeyPair keys;
  private final X509Certificate certificate;
  private final SecureRandom random;

  public CertificateAuthority(KeyPair keys, X509Certificate certificate, SecureRandom random) {
    this.keys = keys;
    this.certificate = certificate;
    this.random = random;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey privateKey() {
    return keys.getPrivate();
  }

  /** A new CA named after {@code host}. */
  public static CertificateAuthority create(String host, Instant now, SecureRandom random) {
    KeyPair keys = newKeyPair(random);
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Vigilar")
        .addRDN(BCStyle.CN, "Vigilar appliance CA (" + host + ")")
        .build();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(random),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_LIFETIME)), name,
          keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              utils.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertificateAuthority(keys, sign(builder, keys.getPrivate()), random);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the appliance CA: " + e.getMessage(), e);
    }
  }

  /**
   * Issues a server certificate for {@code dnsNames} and {@code addresses}.
   *
   * @return the new key with the chain (server certificate, then this CA)
   */
  public TlsMaterial issueServer(String commonName, Set<String> dnsNames,
      Set<InetAddress> addresses, Instant now) {
    KeyPair server = newKeyPair(random);
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    addresses.forEach(a -> names.add(new GeneralName(GeneralName.iPAddress,
        a.getHostAddress().replaceFirst("%.*$", ""))));
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Vigilar")
        .addRDN(BCStyle.CN, commonName)
        .build();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate,
          serial(random), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(SERVER_LIFETIME)), subject, server.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false,
              new GeneralNames(names.toArray(GeneralName[]::new)))
          .addExtension(Extension.subjectKeyIdentifier, false,
              utils.createSubjectKeyIdentifier(server.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              utils.createAuthorityKeyIdentifier(certificate));
      X509Certificate issued = sign(builder, keys.getPrivate());
      return new TlsMaterial(server.getPrivate(), List.of(issued, certificate), certificate);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue the server certificate: " + e.getMessage(),
          e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with " + SIGNATURE, e);
    }
  }

  static KeyPair newKeyPair(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make P-256 keys", e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }
}
