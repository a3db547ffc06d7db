package org.vigilar.broker;

import io.moquette.broker.RoutingResults;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.ISslContextCreator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.config.MqttSettings;
import org.vigilar.metrics.Metrics;

/**
 * The Moquette broker inside the appliance, configured for a box in someone's home: no
 * telemetry, no broker-side persistence (the events live in our store), a message size that fits
 * camera snapshots.
 */
public final class EmbeddedBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
  private static final String INTERNAL_CLIENT = "vigilar";
  /** Room for the fixed header, topic and packet id on top of the largest payload. */
  private static final int PACKET_OVERHEAD = 64 * 1024;
  /** Session loop queues absorb bursts of internal publishes to many subscribers. */
  private static final int SESSION_QUEUE_SIZE = 16_384;

  private final MqttSettings settings;
  private final Path workDir;
  private final IntakeInterceptor interceptor;
  private final Security security;
  private final Metrics metrics;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private Server server;
  private int port;
  private int tlsPort;

  /**
   * Authentication, authorisation and TLS; null members fall back to the settings' anonymous
   * access and no TLS.
   */
  public record Security(IAuthenticator authenticator, IAuthorizatorPolicy authorizer,
      ISslContextCreator tls) {

    public static Security none() {
      return new Security(null, null, null);
    }
  }

  /**
   * @param workDir scratch directory for the broker; its content is disposable
   * @param onSessionLoopError called (on a broker thread) when a session loop died
   */
  public EmbeddedBroker(MqttSettings settings, Path workDir, PublishSink sink, Security security,
      Metrics metrics, Clock clock, Runnable onSessionLoopError) {
    this.settings = settings;
    this.workDir = workDir;
    this.security = security;
    this.metrics = metrics;
    this.interceptor = new IntakeInterceptor(sink, clock, onSessionLoopError);
    metrics.describe("vigilar_broker_publish_failures_total",
        "Internal publishes that some subscriber's session did not accept");
  }

  /**
   * Starts the listeners and waits until they are bound.
   *
   * @throws UncheckedIOException when a port cannot be bound
   */
  public void start() {
    lifecycle.writeLock().lock();
    try {
      if (server != null) {
        throw new IllegalStateException("broker already started");
      }
      Files.createDirectories(workDir);
      interceptor.brokerStarted();
      Server started = new Server();
      started.startServer(new MemoryConfig(properties()), List.of(interceptor), security.tls(),
          security.authenticator(), security.authorizer());
      server = started;
      port = awaitPort(started::getPort, "MQTT");
      tlsPort = settings.tlsPort() >= 0 && security.tls() != null
          ? awaitPort(started::getSslPort, "MQTT over TLS") : -1;
      log.info("MQTT broker listening on {}:{}{}, anonymous access {}", settings.host(), port,
          tlsPort > 0 ? " and TLS port " + tlsPort : "",
          settings.allowAnonymous() ? "ALLOWED" : "refused");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the MQTT broker on port " + settings.port(), e);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private Properties properties() {
    Properties p = new Properties();
    p.setProperty("host", settings.host());
    // After the first start, keep the bound port so that clients find the broker again.
    p.setProperty("port", Integer.toString(port > 0 ? port : settings.port()));
    if (settings.tlsPort() >= 0 && security.tls() != null) {
      p.setProperty("ssl_port", Integer.toString(settings.tlsPort()));
    }
    p.setProperty("allow_anonymous", Boolean.toString(settings.allowAnonymous()));
    // An appliance in a home must never report to a third party.
    p.setProperty("telemetry_enabled", "false");
    p.setProperty("persistence_enabled", "false");
    p.setProperty("data_path", workDir.toAbsolutePath() + "/");
    p.setProperty("netty.mqtt.message_size",
        Integer.toString(settings.maxMessageSize() + PACKET_OVERHEAD));
    p.setProperty("session_queue_size", Integer.toString(SESSION_QUEUE_SIZE));
    // One interceptor thread keeps device messages in arrival order.
    p.setProperty("intercept.thread_pool.size", "1");
    return p;
  }

  private static int awaitPort(java.util.function.IntSupplier reader, String what)
      throws IOException {
    // Moquette fills in the bound port from a Netty listener, shortly after startServer returns.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      int bound;
      try {
        bound = reader.getAsInt();
      } catch (ConcurrentModificationException e) {
        // Moquette reads its port map (a plain HashMap) while a Netty thread fills it in.
        bound = 0;
      }
      if (bound > 0) {
        return bound;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the " + what + " listener", e);
      }
    }
    throw new IOException(what + " listener did not bind within 10 s");
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
