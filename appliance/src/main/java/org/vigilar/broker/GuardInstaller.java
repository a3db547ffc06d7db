package org.vigilar.broker;

import io.moquette.broker.Server;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a connect guard into the pipeline of every connection of a started Moquette 0.17
 * server, on the plain and the TLS listener alike.
 *
 * <p>Moquette offers no hook into its Netty pipelines, so this reaches into its private
 * structure: the server's {@code acceptor} holds the {@code bossGroup} whose event loops carry
 * the listening channels; each listening channel's {@code ServerBootstrapAcceptor} hands every
 * accepted connection to its {@code childHandler}, Moquette's initializer, which is replaced by
 * a {@link GuardedInitializer} wrapping it. The replacement is done on the listener's own event
 * loop, between two accepts.
 *
 * <p>Any mismatch, such as a field renamed by an upgrade or a listener not found, throws: a
 * broker without its guard would deliver forged wills, so it must not run at all.
 */
final class GuardInstaller {

  private static final Logger log = LoggerFactory.getLogger(GuardInstaller.class);
  private static final String ACCEPTOR = ServerBootstrap.class.getName()
      + "$ServerBootstrapAcceptor";
  private static final long LOOP_TIMEOUT_SECONDS = 10;

  private GuardInstaller() {
  }

  /**
   * Installs the guard.
   *
   * @param ports the ports of every MQTT listener the server should have
   * @param guards makes a new guard for one connection
   * @return the initializer now serving each port
   * @throws IllegalStateException when the server does not have the expected structure or the
   *     listeners found are not exactly {@code ports}
   */
  static Map<Integer, GuardedInitializer> install(Server server, Set<Integer> ports,
      Supplier<? extends ChannelHandler> guards) {
    Object acceptor = read(server, Server.class, "acceptor", Object.class);
    EventLoopGroup boss = read(acceptor, acceptor.getClass(), "bossGroup",
        EventLoopGroup.class);
    EventLoopGroup workers = read(acceptor, acceptor.getClass(), "workerGroup",
        EventLoopGroup.class);

    Map<Integer, GuardedInitializer> installed = new HashMap<>();
    onEachLoop(boss, loop -> replaceInitializers(loop, ports, guards, installed));
    if (!installed.keySet().equals(ports)) {
      throw failure("found MQTT listeners on ports " + new TreeSet<>(installed.keySet())
          + ", expected " + new TreeSet<>(ports), null);
    }
    // Connections accepted in the instant before the replacement got Moquette's pipeline only.
    onEachLoop(workers, loop -> guardEarlyConnections(loop, guards));
    return installed;
  }

  private static void replaceInitializers(SingleThreadEventLoop loop, Set<Integer> ports,
      Supplier<? extends ChannelHandler> guards, Map<Integer, GuardedInitializer> installed) {
    Iterator<Channel> channels = loop.registeredChannelsIterator();
    while (channels.hasNext()) {
      Channel channel = channels.next();
      if (channel instanceof ServerChannel
          && channel.localAddress() instanceof InetSocketAddress local
          && ports.contains(local.getPort())) {
        ChannelHandler acceptor = acceptorOf(channel.pipeline(), local.getPort());
        ChannelHandler moquette = read(acceptor, acceptor.getClass(), "childHandler",
            ChannelHandler.class);
        if (moquette instanceof GuardedInitializer) {
          throw failure("the listener on port " + local.getPort() + " has no initializer of"
              + " Moquette's to wrap: " + moquette, null);
        }
        GuardedInitializer guarded = new GuardedInitializer(moquette, guards);
        write(acceptor, "childHandler", guarded);
        installed.put(local.getPort(), guarded);
      }
    }
  }

  private static ChannelHandler acceptorOf(ChannelPipeline pipeline, int port) {
    for (Map.Entry<String, ChannelHandler> entry : pipeline) {
      if (entry.getValue().getClass().getName().equals(ACCEPTOR)) {
        return entry.getValue();
      }
    }
    throw failure("the listener on port " + port + " has no " + ACCEPTOR + " in its pipeline "
        + pipeline.names(), null);
  }

  private static void guardEarlyConnections(SingleThreadEventLoop loop,
      Supplier<? extends ChannelHandler> guards) {
    int guarded = 0;
    Iterator<Channel> channels = loop.registeredChannelsIterator();
    while (channels.hasNext()) {
      ChannelPipeline pipeline = channels.next().pipeline();
      if (pipeline.get(ConnectGuard.NAME) == null
          && pipeline.get(GuardedInitializer.MOQUETTE_HANDLER) != null) {
        pipeline.addBefore(GuardedInitializer.MOQUETTE_HANDLER, ConnectGuard.NAME, guards.get());
        guarded++;
      }
    }
    if (guarded > 0) {
      log.debug("Guarded {} MQTT connections accepted while the guard was being installed",
          guarded);
    }
  }

  /** Runs {@code task} on each event loop of {@code group} in turn, waiting for each. */
  private static void onEachLoop(EventLoopGroup group, LoopTask task) {
    for (EventExecutor executor : group) {
      if (!(executor instanceof SingleThreadEventLoop loop)) {
        throw failure("unexpected event loop " + executor.getClass().getName(), null);
      }
      try {
        // The loop's channels may be listed only on the loop itself.
        loop.submit(() -> task.run(loop)).get(LOOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IllegalStateException cause ? cause
            : failure(e.getCause().toString(), e.getCause());
      } catch (TimeoutException e) {
        throw failure("an event loop did not answer within " + LOOP_TIMEOUT_SECONDS + " s", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("interrupted", e);
      }
    }
  }

  @FunctionalInterface
  private interface LoopTask {
    void run(SingleThreadEventLoop loop);
  }

  /** The value of a private field, which must be set and of the expected type. */
  private static <T> T read(Object owner, Class<?> type, String name, Class<T> expected) {
    Object value;
    try {
      value = field(type, name).get(owner);
    } catch (IllegalAccessException e) {
      throw failure("cannot read " + type.getName() + "." + name, e);
    }
    if (!expected.isInstance(value)) {
      throw failure(type.getName() + "." + name + " is " + value + ", not a "
          + expected.getSimpleName() + "; was the server started?", null);
    }
    return expected.cast(value);
  }

  private static void write(Object owner, String name, Object value) {
    try {
      field(owner.getClass(), name).set(owner, value);
    } catch (IllegalAccessException e) {
      throw failure("cannot replace " + owner.getClass().getName() + "." + name, e);
    }
  }

  private static Field field(Class<?> type, String name) {
    try {
      Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException | RuntimeException e) {
      throw failure(type.getName() + " has no accessible field '" + name + "'", e);
    }
  }

  private static IllegalStateException failure(String why, Throwable cause) {
    return new IllegalStateException("cannot install the MQTT connect guard: " + why, cause);
  }
}
