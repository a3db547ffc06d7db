package org.vigilar.broker;

import io.moquette.broker.RoutingResults;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.ISslContextCreator;
import io.moquette.interception.InterceptHandler;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.config.MqttSettings;
import org.vigilar.metrics.Metrics;

/**
 * The Moquette broker inside the appliance, configured for a box in someone's home: no
 * telemetry, no broker-side persistence (the events live in our store), a message size that fits
 * camera snapshots.
 *
 * <p>Every connection, plain or TLS, passes a {@link ConnectGuard} before Moquette reads its
 * CONNECT: it refuses forbidden wills and the CONNECTs of addresses that failed too often. The
 * broker does not start when the guard cannot be put in place.
 */
public final class EmbeddedBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
  private static final String INTERNAL_CLIENT = "vigilar";
  /** Room for the fixed header, topic and packet id on top of the largest payload. */
  private static final int PACKET_OVERHEAD = 64 * 1024;
  /** Session loop queues absorb bursts of internal publishes to many subscribers. */
  private static final int SESSION_QUEUE_SIZE = 16_384;
  private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);

  private final MqttSettings settings;
  private final Path workDir;
  private final IntakeInterceptor interceptor;
  private final ConnectRules connectRules;
  private final Security security;
  private final Metrics metrics;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private Server server;
  private int port;
  private int tlsPort;

  /**
   * Authentication, authorisation and TLS; null members fall back to the settings' anonymous
   * access and no TLS.
   *
   * @param observers further interceptors, such as one that follows who is connected
   * @param mayPublish the publish rule of {@code authorizer} without side effects, by user name
   *     (null when anonymous) and topic; asked about will messages, which Moquette would deliver
   *     without asking the authoriser: a CONNECT whose will its user may not publish is refused
   * @param ownClient whether a user name and password are the appliance's own credential, which
   *     a locked-out address does not stop; constant time, no store access
   */
  public record Security(IAuthenticator authenticator, IAuthorizatorPolicy authorizer,
      ISslContextCreator tls, List<InterceptHandler> observers,
      BiPredicate<String, String> mayPublish, BiPredicate<String, byte[]> ownClient) {

    public Security {
      observers = List.copyOf(observers);
      Objects.requireNonNull(mayPublish, "mayPublish");
      Objects.requireNonNull(ownClient, "ownClient");
    }

    /**
     * Without an authoriser every will is allowed; with one, whose rule is unknown here, every
     * CONNECT that carries a will is refused. No credential is the appliance's own.
     */
    public Security(IAuthenticator authenticator, IAuthorizatorPolicy authorizer,
        ISslContextCreator tls) {
      this(authenticator, authorizer, tls, List.of(), (user, topic) -> authorizer == null,
          (user, password) -> false);
    }

    public static Security none() {
      return new Security(null, null, null);
    }
  }

  /**
   * @param workDir scratch directory for the broker; its content is disposable
   * @param nanos the monotonic time in nanoseconds, for the lockout of failing addresses
   * @param onSessionLoopError called (on a broker thread) when a session loop died
   */
  public EmbeddedBroker(MqttSettings settings, Path workDir, PublishSink sink, Security security,
      Metrics metrics, Clock clock, LongSupplier nanos, Runnable onSessionLoopError) {
    this.settings = settings;
    this.workDir = workDir;
    this.security = security;
    this.metrics = metrics;
    this.interceptor = new IntakeInterceptor(sink, clock, onSessionLoopError,
        security.mayPublish());
    this.connectRules = new ConnectRules(security.mayPublish(), security.ownClient(),
        new AddressLimiter(AddressLimiter.limits(settings), nanos, metrics), metrics);
    metrics.describe("vigilar_broker_publish_failures_total",
        "Internal publishes that some subscriber's session did not accept");
  }

  /**
   * Starts the listeners and waits until they are bound.
   *
   * @throws UncheckedIOException when a port cannot be bound
   * @throws IllegalStateException when the connect guard cannot be installed; the broker is
   *     stopped again
   */
  public void start() {
    lifecycle.writeLock().lock();
    try {
      if (server != null) {
        throw new IllegalStateException("broker already started");
      }
      Files.createDirectories(workDir);
      // Moquette records bound ports in a HashMap written by two Netty threads at once, which
      // can lose an entry; so ports are chosen here and checked by connecting to them.
      port = port > 0 ? port : choosePort(settings.port());
      boolean tls = settings.tlsPort() >= 0 && security.tls() != null;
      tlsPort = tls ? (tlsPort > 0 ? tlsPort : choosePort(settings.tlsPort())) : -1;
      interceptor.brokerStarted();
      Server started = new Server();
      List<InterceptHandler> handlers = new ArrayList<>();
      handlers.add(interceptor);
      handlers.addAll(security.observers());
      started.startServer(new MemoryConfig(properties()), handlers, security.tls(),
          security.authenticator(), security.authorizer());
      InlineInterception.install(started);
      try {
        guardAndAwait(started, tls);
      } catch (IOException | RuntimeException e) {
        started.stopServer();
        throw e;
      }
      server = started;
      log.info("MQTT broker listening on {}:{}{}, anonymous access {}", settings.host(), port,
          tlsPort > 0 ? " and TLS port " + tlsPort : "",
          settings.allowAnonymous() ? "ALLOWED" : "refused");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the MQTT broker on port " + settings.port(), e);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /**
   * Installs the connect guard on every listener, then waits until each listener accepts a
   * connection and has set it up with the guard in place.
   *
   * @throws IllegalStateException when the guard cannot be installed
   */
  private void guardAndAwait(Server started, boolean tls) throws IOException {
    Set<Integer> ports = tls ? Set.of(port, tlsPort) : Set.of(port);
    Map<Integer, GuardedInitializer> guarded = GuardInstaller.install(started, ports,
        () -> new ConnectGuard(connectRules));
    awaitListening(port, "MQTT");
    guarded.get(port).awaitFirstConnection(LISTEN_TIMEOUT);
    if (tls) {
      awaitListening(tlsPort, "MQTT over TLS");
      guarded.get(tlsPort).awaitFirstConnection(LISTEN_TIMEOUT);
    }
  }

  private Properties properties() {
    // After the first start, the same ports, so that clients find the broker again.
    return moquetteProperties(settings, workDir, port, tlsPort);
  }

  /**
   * The Moquette configuration of the appliance's broker; also used to measure the bare broker
   * with exactly the same settings.
   *
   * @param port the plain listener's port
   * @param tlsPort the TLS listener's port, or 0 or less for none
   */
  public static Properties moquetteProperties(MqttSettings settings, Path workDir, int port,
      int tlsPort) {
    Properties p = new Properties();
    p.setProperty("host", settings.host());
    p.setProperty("port", Integer.toString(port));
    if (tlsPort > 0) {
      p.setProperty("ssl_port", Integer.toString(tlsPort));
    }
    p.setProperty("allow_anonymous", Boolean.toString(settings.allowAnonymous()));
    // An appliance in a home must never report to a third party.
    p.setProperty("telemetry_enabled", "false");
    p.setProperty("persistence_enabled", "false");
    p.setProperty("data_path", workDir.toAbsolutePath() + "/");
    p.setProperty("netty.mqtt.message_size",
        Integer.toString(settings.maxMessageSize() + PACKET_OVERHEAD));
    p.setProperty("session_queue_size", Integer.toString(SESSION_QUEUE_SIZE));
    // Interceptors run inline (InlineInterception); should that fail, one interceptor thread
    // keeps device messages in arrival order.
    p.setProperty("intercept.thread_pool.size", "1");
    return p;
  }

  /** The configured port, or a free one when the configuration says 0. */
  private int choosePort(int configured) throws IOException {
    if (configured > 0) {
      return configured;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), 0));
      return probe.getLocalPort();
    }
  }

  private void awaitListening(int boundPort, String what) throws IOException {
    String host = settings.host().equals("0.0.0.0") || settings.host().equals("::")
        ? "127.0.0.1" : settings.host();
    long deadline = System.nanoTime() + LISTEN_TIMEOUT.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, boundPort), 1000);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException(what + " listener is not accepting on port " + boundPort, e);
        }
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the " + what + " listener", e);
      }
    }
  }

  /** The bound plain MQTT port. */
  public int port() {
    return port;
  }

  /** The bound MQTT over TLS port, or -1 when TLS is off. */
  public int tlsPort() {
    return tlsPort;
  }

  public boolean isRunning() {
    lifecycle.readLock().lock();
    try {
      return server != null;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Publishes from inside the appliance; bypasses interceptors and authorisation.
   *
   * @return false when the broker is stopped or a subscriber's session refused the message
   */
  public boolean publish(String topic, byte[] payload, MqttQoS qos, boolean retain) {
    lifecycle.readLock().lock();
    try {
      if (server == null) {
        return false;
      }
      MqttPublishMessage message = MqttMessageBuilders.publish()
          .topicName(topic)
          .qos(qos)
          .retained(retain)
          .messageId(1)
          .payload(Unpooled.wrappedBuffer(payload))
          .build();
      RoutingResults results = server.internalPublish(message, INTERNAL_CLIENT);
      if (!results.isAllSuccess()) {
        metrics.counter("vigilar_broker_publish_failures_total").increment();
        log.debug("Internal publish on {} not accepted by every subscriber: {}", topic, results);
        return false;
      }
      return true;
    } catch (IllegalStateException e) {
      return false;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Closes one client's connection, as the broker does for a protocol error.
   *
   * @return false when no such client is connected or the broker is stopped
   */
  public boolean disconnect(String clientId) {
    lifecycle.readLock().lock();
    try {
      return server != null && server.disconnectClient(clientId);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Stops the listeners and waits until every intercepted message was handed on. */
  public void stop() {
    lifecycle.writeLock().lock();
    try {
      if (server == null) {
        return;
      }
      interceptor.brokerStopping();
      server.stopServer();
      server = null;
      log.info("MQTT broker stopped");
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** Stops and starts again on the same ports; clients reconnect by themselves. */
  public void restart() {
    stop();
    start();
  }

  @Override
  public void close() {
    stop();
  }
}
