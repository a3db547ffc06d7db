package org.vigilar.devices;

import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.classify.Topics;
import org.vigilar.metrics.Metrics;
import org.vigilar.security.InternalCredential;

/**
 * Who may publish and subscribe to what, by MQTT user name; the client id plays no part.
 *
 * <ul>
 *   <li>The appliance's own clients (the internal credential) may do anything.</li>
 *   <li>A device follows its {@link DeviceRights}.</li>
 *   <li>Anonymous clients exist only when {@code mqtt.allow_anonymous} is on (a lab network):
 *       they may publish anything but the appliance's own topics and subscribe to anything.</li>
 * </ul>
 *
 * <p>Moquette asks on its session threads. It drops a denied publish but neither acknowledges
 * nor closes a QoS 1 one, which would leave the client waiting; so every denied publish is
 * counted and reported to {@code onDeniedPublish} with the client id, which closes the
 * connection from another thread.
 */
public final class TopicPolicy implements IAuthorizatorPolicy {

  private static final Logger log = LoggerFactory.getLogger(TopicPolicy.class);
  static final String DENIED_PUBLISHES = "vigilar_mqtt_denied_publishes_total";
  static final String DENIED_SUBSCRIBES = "vigilar_mqtt_denied_subscribes_total";

  private final InternalCredential internal;
  private final DeviceStore store;
  private final boolean allowAnonymous;
  private final Metrics metrics;
  private final Consumer<String> onDeniedPublish;
  private final Map<String, DeviceRights> rights = new ConcurrentHashMap<>();

  public TopicPolicy(InternalCredential internal, DeviceStore store, boolean allowAnonymous,
      Metrics metrics, Consumer<String> onDeniedPublish) {
    this.internal = internal;
    this.store = store;
    this.allowAnonymous = allowAnonymous;
    this.metrics = metrics;
    this.onDeniedPublish = onDeniedPublish;
    metrics.describe(DENIED_PUBLISHES,
        "MQTT publishes refused by the authoriser; each one closes its connection");
    metrics.describe(DENIED_SUBSCRIBES, "MQTT subscription filters refused by the authoriser");
  }

  @Override
  public boolean canWrite(Topic topic, String user, String client) {
    String name = topic.toString();
    boolean allowed = mayPublish(user, name);
    if (!allowed) {
      metrics.counter(DENIED_PUBLISHES).increment();
      log.debug("Publish denied: user {}, client {}, topic {}", user, client,
          Topics.printable(name));
      onDeniedPublish.accept(client);
    }
    return allowed;
  }

  @Override
  public boolean canRead(Topic topic, String user, String client) {
    String filter = topic.toString();
    boolean allowed;
    if (internal.isUser(user)) {
      allowed = true;
    } else if (user == null) {
      allowed = allowAnonymous;
    } else {
      allowed = TopicFilters.isValidFilter(filter)
          && rightsOf(user).map(r -> r.canSubscribe(filter)).orElse(false);
    }
    if (!allowed) {
      metrics.counter(DENIED_SUBSCRIBES).increment();
      log.debug("Subscription denied: user {}, client {}, filter {}", user, client,
          Topics.printable(filter));
    }
    return allowed;
  }

  /** The publish rule without side effects. */
  boolean mayPublish(String user, String topic) {
    if (internal.isUser(user)) {
      return true;
    }
    if (user == null) {
      return allowAnonymous && !DeviceRights.applianceOnly(topic);
    }
    return rightsOf(user).map(r -> r.canPublish(topic)).orElse(false);
  }

  /** Forgets the cached rights of a removed or reset device. */
  public void forget(String id) {
    rights.remove(id);
  }

  /** Devices whose rights are cached, with the revision they were read at. */
  Map<String, Long> cachedRevisions() {
    Map<String, Long> revisions = new HashMap<>();
    rights.forEach((id, r) -> revisions.put(id, r.revision()));
    return revisions;
  }

  private Optional<DeviceRights> rightsOf(String user) {
    DeviceRights cached = rights.get(user);
    if (cached != null) {
      return Optional.of(cached);
    }
    if (!Devices.ID.matcher(user).matches()) {
      return Optional.empty();
    }
    Optional<DeviceRights> loaded = store.find(user).map(DeviceStore.Stored::rights);
    loaded.ifPresent(r -> rights.put(user, r));
    return loaded;
  }
}
