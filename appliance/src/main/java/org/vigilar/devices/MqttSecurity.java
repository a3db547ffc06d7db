package org.vigilar.devices;

import io.moquette.broker.ISslContextCreator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.broker.EmbeddedBroker;
import org.vigilar.metrics.Metrics;
import org.vigilar.security.InternalCredential;
import org.vigilar.store.StoreException;

/**
 * The broker's gate: authentication, authorisation and the follow-up they need.
 *
 * <p>A denied publish closes its connection (from this class's own thread, never a broker
 * thread). A device removed or reset in this process is dropped at once; one changed by the
 * command line in another process is noticed within {@value #SWEEP_SECONDS} s, when the devices
 * table is compared with the credentials in use.
 */
public final class MqttSecurity implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MqttSecurity.class);
  private static final long SWEEP_SECONDS = 5;

  private final DeviceStore store;
  private final InternalCredential internal;
  private final boolean allowAnonymous;
  private final DeviceAuthenticator authenticator;
  private final TopicPolicy policy;
  private final MqttConnections connections;
  private final ScheduledExecutorService worker;
  private volatile Predicate<String> disconnect;

  /**
   * @throws IllegalStateException when the device table cannot be read: the broker must not
   *     start without its authoriser
   */
  public MqttSecurity(Devices devices, DeviceStore store, InternalCredential internal,
      boolean allowAnonymous, Metrics metrics, Clock clock, SecureRandom random,
      LongSupplier nanos, DeviceAuthenticator.Limits limits) {
    try {
      store.revisions();
    } catch (StoreException e) {
      throw new IllegalStateException("MQTT authorisation cannot be set up: " + e.getMessage(),
          e);
    }
    this.store = store;
    this.internal = internal;
    this.allowAnonymous = allowAnonymous;
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vigilar-mqtt-security");
      t.setDaemon(true);
      return t;
    });
    this.policy = new TopicPolicy(internal, store, allowAnonymous, metrics, this::denied);
    this.connections = new MqttConnections(store, internal, clock, this::runQuietly);
    this.authenticator = new DeviceAuthenticator(store, internal, metrics, limits, random, nanos,
        connections::userOf);
    devices.onCredentialChange(id -> runQuietly(() -> changed(id)));
  }

  /** What the broker needs; {@code tls} may be null for no TLS listener. */
  public EmbeddedBroker.Security brokerSecurity(ISslContextCreator tls) {
    return new EmbeddedBroker.Security(authenticator, policy, tls, List.of(connections),
        policy::mayPublish, internal::matches);
  }

  /**
   * Starts the periodic check of the devices table.
   *
   * @param disconnect closes a client's connection by client id
   */
  public void start(Predicate<String> disconnect) {
    this.disconnect = disconnect;
    if (allowAnonymous) {
      log.warn("mqtt.allow_anonymous is true: any client on the network may connect without"
          + " credentials and publish sensor data; use it only on a trusted lab network");
    }
    worker.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
  }

  private void denied(String clientId) {
    runQuietly(() -> {
      Predicate<String> target = disconnect;
      if (target != null && clientId != null && target.test(clientId)) {
        log.debug("Closed MQTT client {} after a denied publish", clientId);
      }
    });
  }

  private void sweep() {
    try {
      Map<String, Long> current = store.revisions();
      Set<String> stale = new HashSet<>();
      BiConsumer<String, Long> compare = (id, revision) -> {
        if (!revision.equals(current.get(id))) {
          stale.add(id);
        }
      };
      policy.cachedRevisions().forEach(compare);
      authenticator.verifiedRevisions().forEach(compare);
      connections.users().stream().filter(id -> !current.containsKey(id)).forEach(stale::add);
      for (String id : stale) {
        changed(id);
      }
    } catch (RuntimeException e) {
      log.warn("Checking the devices table for changes failed: {}", e.getMessage());
    }
  }

  private void changed(String id) {
    authenticator.forget(id);
    policy.forget(id);
    Predicate<String> target = disconnect;
    if (target == null) {
      return;
    }
    for (String clientId : connections.clientsOf(id)) {
      if (target.test(clientId)) {
        log.info("Closed MQTT client {} of device {}: its credentials changed", clientId, id);
      }
    }
  }

  private void runQuietly(Runnable task) {
    try {
      worker.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("MQTT security task dropped while stopping");
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
