package org.vigilar.devices;

import io.moquette.broker.security.IAuthenticator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.metrics.Metrics;
import org.vigilar.security.FailureLimiter;
import org.vigilar.security.InternalCredential;
import org.vigilar.security.PasswordHash;
import org.vigilar.security.TokenBucket;

/**
 * Checks the user name and password of every MQTT CONNECT.
 *
 * <p>Moquette calls this on a Netty I/O thread that also serves other clients, so the slow
 * password hash must stay rare there:
 * <ul>
 *   <li>a password once verified is remembered as an HMAC under a key made at start, tied to the
 *       device's credential revision; a reconnect with it costs one small read of the store;</li>
 *   <li>unknown user names are refused without hashing;</li>
 *   <li>after a few failures a user name is locked out for a doubling time;</li>
 *   <li>at most {@code hashBudget} full verifications run per second across all clients; beyond
 *       it a CONNECT that would need one is refused as busy, and the client retries.</li>
 * </ul>
 * A client id held by a connection of another user is refused too: MQTT would otherwise let a
 * device throw another off the broker by connecting with its client id.
 *
 * <p>Moquette hands the authenticator no client address. Failures are limited per address one
 * step earlier, by the broker's connect guard, which refuses a locked-out address's CONNECTs
 * before they reach this class.
 */
public final class DeviceAuthenticator implements IAuthenticator {

  private static final Logger log = LoggerFactory.getLogger(DeviceAuthenticator.class);
  static final String FAILURES = "vigilar_mqtt_auth_failures_total";

  /** Tuning of the protections; see the class comment. */
  public record Limits(FailureLimiter.Limits perUser, int hashBurst, double hashesPerSecond) {

    /**
     * Five wrong passwords, then 5 s doubling to 5 min per user name; five full verifications
     * at once, two a second after that.
     */
    public static Limits defaults() {
      return new Limits(new FailureLimiter.Limits(5, Duration.ofSeconds(5),
          Duration.ofMinutes(5), Duration.ofMinutes(30), 4096), 5, 2);
    }
  }

  private record Verified(long revision, byte[] mac) {
  }

  private final DeviceStore store;
  private final InternalCredential internal;
  private final Metrics metrics;
  private final LongSupplier nanos;
  private final FailureLimiter perUser;
  private final TokenBucket hashes;
  private final SecretKeySpec cacheKey;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private final Function<String, String> connectedUser;

  /**
   * @param connectedUser the user name a client id is connected with now, or null
   */
  public DeviceAuthenticator(DeviceStore store, InternalCredential internal, Metrics metrics,
      Limits limits, SecureRandom random, LongSupplier nanos,
      Function<String, String> connectedUser) {
    this.store = store;
    this.connectedUser = connectedUser;
    this.internal = internal;
    this.metrics = metrics;
    this.nanos = nanos;
    this.perUser = new FailureLimiter(limits.perUser());
    this.hashes = new TokenBucket(limits.hashBurst(), limits.hashesPerSecond());
    byte[] key = new byte[32];
    random.nextBytes(key);
    this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    metrics.describe(FAILURES, "MQTT CONNECTs refused, by reason");
  }

  @Override
  public boolean checkValid(String clientId, String username, byte[] password) {
    if (username == null) {
      return refuse("no_username", clientId, null);
    }
    if (internal.matches(username, password)) {
      return true;
    }
    if (username.startsWith(InternalCredential.USERNAME_PREFIX)) {
      return refuse("bad_password", clientId, username);
    }
    String holder = clientId == null ? null : connectedUser.apply(clientId);
    if (holder != null && !holder.equals(username)) {
      return refuse("client_id_taken", clientId, username);
    }
    long now = nanos.getAsLong();
    if (perUser.lockedFor(username, now) > 0) {
      return refuse("rate_limited", clientId, username);
    }
    if (password == null || password.length == 0) {
      perUser.failure(username, now);
      return refuse("bad_password", clientId, username);
    }
    Optional<DeviceStore.Stored> stored = Devices.ID.matcher(username).matches()
        ? store.find(username) : Optional.empty();
    if (stored.isEmpty()) {
      verified.remove(username);
      return refuse("unknown_user", clientId, username);
    }
    long revision = stored.get().rights().revision();
    byte[] mac = mac(username, password);
    Verified known = verified.get(username);
    if (known != null && known.revision() == revision && MessageDigest.isEqual(known.mac(), mac)) {
      perUser.success(username);
      return true;
    }
    if (!hashes.tryTake(now)) {
      return refuse("busy", clientId, username);
    }
    if (!verifySlowly(password, stored.get().passwordHash())) {
      perUser.failure(username, now);
      return refuse("bad_password", clientId, username);
    }
    verified.put(username, new Verified(revision, mac));
    perUser.success(username);
    return true;
  }

  /** Devices with a verified password, with the credential revision it was verified at. */
  Map<String, Long> verifiedRevisions() {
    Map<String, Long> revisions = new HashMap<>();
    verified.forEach((id, v) -> revisions.put(id, v.revision()));
    return revisions;
  }

  /** Forgets the verified password of a removed or reset device. */
  public void forget(String id) {
    verified.remove(id);
  }

  private boolean refuse(String reason, String clientId, String username) {
    metrics.counter(FAILURES, "reason", reason).increment();
    log.debug("MQTT CONNECT refused ({}): client {}, user {}", reason, clientId, username);
    return false;
  }

  private static boolean verifySlowly(byte[] password, String hash) {
    char[] chars = utf8(password);
    if (chars == null) {
      return false;
    }
    try {
      return PasswordHash.verify(chars, hash);
    } finally {
      PasswordHash.wipe(chars);
    }
  }

  private static char[] utf8(byte[] bytes) {
    try {
      CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      char[] chars = new char[decoded.remaining()];
      decoded.get(chars);
      Arrays.fill(decoded.array(), '\0');
      return chars;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private byte[] mac(String username, byte[] password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(cacheKey);
      mac.update(username.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(password);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
