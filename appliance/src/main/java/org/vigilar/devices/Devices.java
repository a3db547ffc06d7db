package org.vigilar.devices;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.vigilar.security.InternalCredential;
import org.vigilar.security.PasswordHash;
import org.vigilar.security.Secret;
import org.vigilar.security.Secrets;

/**
 * Adds, lists, removes and resets device credentials: the operations behind
 * {@code vigilar device ...} and {@code /api/devices}.
 *
 * <p>Only a salted slow hash of each password is stored; a generated password is returned once.
 * Listeners hear the id of every device that was removed or got a new password, so a running
 * broker can drop its connections and forget verified passwords.
 */
public final class Devices {

  /** Device ids are topic levels: no slashes or wildcards, so they cannot widen a rule. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  public static final int MIN_PASSWORD_LENGTH = 8;
  private static final Pattern KIND = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final int MAX_ZONE_LENGTH = 64;
  private static final int MAX_GRANTS = 32;

  /**
   * What to create.
   *
   * @param password a chosen password, or null to generate one
   * @param grants extra publish filters ({@code --publish})
   */
  public record Spec(String id, String kind, String zone, char[] password, List<String> grants) {

    public Spec {
      grants = grants == null ? List.of() : List.copyOf(grants);
      password = password == null ? null : password.clone();
    }

    @Override
    public String toString() {
      return "Spec[id=" + id + ", kind=" + kind + ", zone=" + zone + ", password="
          + (password == null ? "generated" : "***") + ", grants=" + grants + "]";
    }
  }

  private final DeviceStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  public Devices(DeviceStore store, Clock clock, SecureRandom random) {
    this.store = store;
    this.clock = clock;
    this.random = random;
  }

  /** Calls {@code listener} with the id of each removed or reset device. */
  public void onCredentialChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  /**
   * Creates a device's credentials.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code spec}
   * @throws IllegalStateException when a device with that id exists already
   */
  public NewCredential add(Spec spec) {
    String id = requireId(spec.id());
    if (spec.kind() != null && !KIND.matcher(spec.kind()).matches()) {
      throw new IllegalArgumentException("kind must be 1-32 lowercase letters, digits, _ or -");
    }
    if (spec.zone() != null && (spec.zone().isBlank() || spec.zone().length() > MAX_ZONE_LENGTH
        || spec.zone().chars().anyMatch(Character::isISOControl))) {
      throw new IllegalArgumentException("zone must be 1-" + MAX_ZONE_LENGTH
          + " printable characters");
    }
    List<String> grants = checkGrants(spec.grants());
    Secret password = choose(spec.password());
    Device device = new Device(id, spec.kind(), spec.zone(), grants, clock.instant(), null);
    if (!store.insert(device, hash(password))) {
      throw new IllegalStateException("a device with id '" + id + "' exists already");
    }
    return new NewCredential(id, password);
  }

  public List<Device> list() {
    return store.list();
  }

  /** Removes a device; its connections are dropped. False when there was none. */
  public boolean remove(String id) {
    boolean removed = store.delete(id);
    if (removed) {
      listeners.forEach(l -> l.accept(id));
    }
    return removed;
  }

  /**
   * Gives a device a new password (generated when {@code password} is null); its connections
   * are dropped. Empty when there is no such device.
   */
  public Optional<NewCredential> reset(String id, char[] password) {
    Secret chosen = choose(password);
    if (!store.replacePassword(id, hash(chosen))) {
      return Optional.empty();
    }
    listeners.forEach(l -> l.accept(id));
    return Optional.of(new NewCredential(id, chosen));
  }

  /**
   * Checks one publish grant.
   *
   * @throws IllegalArgumentException when it is no valid filter or reaches the appliance's own
   *     topics
   */
  public static String checkGrant(String filter) {
    if (!TopicFilters.isValidFilter(filter)) {
      throw new IllegalArgumentException("'" + filter + "' is not a valid MQTT topic filter");
    }
    for (String reserved : DeviceRights.APPLIANCE_ONLY) {
      if (TopicFilters.intersects(filter, reserved)) {
        throw new IllegalArgumentException("'" + filter + "' reaches " + reserved
            + ", which only the appliance publishes; grant a narrower filter");
      }
    }
    return filter;
  }

  private static List<String> checkGrants(List<String> grants) {
    if (grants.size() > MAX_GRANTS) {
      throw new IllegalArgumentException("at most " + MAX_GRANTS + " --publish filters");
    }
    List<String> checked = new ArrayList<>();
    for (String grant : grants) {
      String filter = checkGrant(grant);
      if (!checked.contains(filter)) {
        checked.add(filter);
      }
    }
    return checked;
  }

  private static String requireId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("device id must be 1-64 letters, digits or _.:-");
    }
    if (id.startsWith(InternalCredential.USERNAME_PREFIX)) {
      throw new IllegalArgumentException("device ids starting with "
          + InternalCredential.USERNAME_PREFIX + " are reserved for the appliance");
    }
    return id;
  }

  private Secret choose(char[] password) {
    if (password == null) {
      return new Secret(Secrets.devicePassword(random));
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException("a device password needs at least "
          + MIN_PASSWORD_LENGTH + " characters");
    }
    return new Secret(new String(password));
  }

  private String hash(Secret password) {
    char[] chars = password.chars();
    try {
      return PasswordHash.hash(chars, random);
    } finally {
      PasswordHash.wipe(chars);
    }
  }
}
