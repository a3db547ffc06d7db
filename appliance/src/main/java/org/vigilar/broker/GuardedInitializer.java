package org.vigilar.broker;

import io.moquette.broker.metrics.MQTTMessageLogger;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the place of Moquette's initializer in one listener: builds Moquette's pipeline for each
 * accepted connection, then puts a connect guard in front of Moquette's MQTT handler and takes
 * out Moquette's message logger while its logger is quiet.
 *
 * <p>Netty calls {@link #initChannel} once the connection is registered on its event loop, so
 * adding Moquette's own initializer runs it at once (and it removes itself).
 */
final class GuardedInitializer extends ChannelInitializer<Channel> {

  /** The name Moquette 0.17 gives its MQTT handler in every connection's pipeline. */
  static final String MOQUETTE_HANDLER = "handler";
  /** Moquette's per-message logger, which works on every message even when it logs nothing. */
  static final String MESSAGE_LOGGER = "messageLogger";

  private static final Logger MESSAGE_LOG = LoggerFactory.getLogger(MQTTMessageLogger.class);

  private final ChannelHandler moquette;
  private final Supplier<? extends ChannelHandler> guards;
  /** Completed by the first connection: with success once it is guarded, else with why not. */
  private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();

  GuardedInitializer(ChannelHandler moquette, Supplier<? extends ChannelHandler> guards) {
    this.moquette = moquette;
    this.guards = guards;
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast(moquette);
    if (!channel.isOpen()) {
      // Moquette's initializer failed (a TLS engine it could not make) and closed it.
      return;
    }
    if (pipeline.get(MOQUETTE_HANDLER) == null) {
      IllegalStateException missing = new IllegalStateException("Moquette's pipeline has no"
          + " handler named '" + MOQUETTE_HANDLER + "' to guard; it has " + pipeline.names());
      firstConnection.completeExceptionally(missing);
      // Netty closes the connection: without its guard no connection may be served.
      throw missing;
    }
    pipeline.addBefore(MOQUETTE_HANDLER, ConnectGuard.NAME, guards.get());
    if (pipeline.get(MESSAGE_LOGGER) != null && !MESSAGE_LOG.isInfoEnabled()) {
      // It formats the channel's name into the MDC on every read, write and read-complete,
      // for log lines that are off unless someone turns Moquette's logging up.
      pipeline.remove(MESSAGE_LOGGER);
    }
    firstConnection.complete(null);
  }

  /**
   * Waits until a connection was set up through this initializer, which proves the guard is
   * in place.
   *
   * @throws IllegalStateException when it was not, or no connection came within {@code timeout}
   */
  void awaitFirstConnection(Duration timeout) {
    try {
      firstConnection.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no connection was set up through the connect guard"
          + " within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the connect guard", e);
    }
  }
}
