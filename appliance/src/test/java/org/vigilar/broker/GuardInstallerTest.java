package org.vigilar.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.metrics.MQTTMessageLogger;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.config.MqttSettings;
import org.vigilar.metrics.Metrics;

/**
 * Installing the guard into a bare Moquette server, and refusing to when the server does not
 * look as expected: a broker without its guard must not run.
 */
class GuardInstallerTest {

  /** A guard that refuses every will. */
  private final Supplier<ConnectGuard> guards = guards();

  private static Supplier<ConnectGuard> guards() {
    Metrics metrics = new Metrics();
    ConnectRules rules = new ConnectRules((user, topic) -> false, (user, password) -> false,
        new AddressLimiter(AddressLimiter.limits(MqttSettings.ephemeral()), System::nanoTime,
            metrics), metrics);
    return () -> new ConnectGuard(rules);
  }

  @TempDir
  Path dir;

  private Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stopServer();
    }
  }

  private int startBareBroker() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    server = new Server();
    server.startServer(new MemoryConfig(EmbeddedBroker.moquetteProperties(
        MqttSettings.ephemeral(), dir, port, -1)));
    return port;
  }

  private static byte[] encode(MqttMessage message) {
    EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
    encoder.writeOutbound(message);
    ByteBuf bytes = encoder.readOutbound();
    try {
      return ByteBufUtil.getBytes(bytes);
    } finally {
      bytes.release();
      encoder.finishAndReleaseAll();
    }
  }

  private static byte[] read(InputStream in, int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    assertEquals(length, bytes.length, "the broker closed the connection early");
    return bytes;
  }

  @Test
  void aServerThatNeverStartedIsRefused() {
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> GuardInstaller.install(new Server(), Set.of(1883), guards));

    assertTrue(refused.getMessage().startsWith("cannot install the MQTT connect guard"),
        refused.getMessage());
  }

  @Test
  void aMissingListenerIsRefused() throws IOException {
    int port = startBareBroker();

    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> GuardInstaller.install(server, Set.of(port, 1), guards));

    assertTrue(refused.getMessage().contains("found MQTT listeners on ports [" + port + "]"),
        refused.getMessage());
  }

  @Test
  void aConnectionAcceptedBeforeTheInstallationIsGuardedToo() throws IOException {
    int port = startBareBroker();
    try (Socket early = new Socket(InetAddress.getLoopbackAddress(), port)) {
      early.setSoTimeout(10_000);
      // Moquette answers a PINGREQ even before CONNECT: proof its pipeline is set up.
      early.getOutputStream().write(new byte[] {(byte) 0xC0, 0x00});
      assertArrayEquals(new byte[] {(byte) 0xD0, 0x00}, read(early.getInputStream(), 2));

      Map<Integer, GuardedInitializer> installed = GuardInstaller.install(server, Set.of(port),
          guards);
      early.getOutputStream().write(encode(ConnectGuardTest.connect("door",
          "vigilar/alarm/state")));

      assertEquals(Set.of(port), installed.keySet());
      // CONNACK, remaining length 2, no session, return code 5: not authorised.
      assertArrayEquals(new byte[] {0x20, 0x02, 0x00, 0x05}, read(early.getInputStream(), 4));
      assertEquals(-1, early.getInputStream().read());
    }
  }

  @Test
  void connectionsAcceptedAfterTheInstallationAreGuarded() throws IOException {
    int port = startBareBroker();
    GuardedInitializer initializer = GuardInstaller.install(server, Set.of(port), guards)
        .get(port);

    try (Socket later = new Socket(InetAddress.getLoopbackAddress(), port)) {
      later.setSoTimeout(10_000);
      initializer.awaitFirstConnection(Duration.ofSeconds(10));
      later.getOutputStream().write(encode(ConnectGuardTest.connect("door",
          "vigilar/alarm/state")));

      assertArrayEquals(new byte[] {0x20, 0x02, 0x00, 0x05}, read(later.getInputStream(), 4));
    }
  }

  @Test
  void aPipelineWithoutMoquettesHandlerFailsTheCheck() {
    GuardedInitializer initializer = new GuardedInitializer(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel channel) {
        channel.pipeline().addLast("renamed", new ChannelInboundHandlerAdapter());
      }
    }, guards);

    EmbeddedChannel channel = new EmbeddedChannel(initializer);

    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> initializer.awaitFirstConnection(Duration.ofSeconds(1)));
    assertTrue(refused.getMessage().contains("no handler named 'handler'"),
        refused.getMessage());
    assertFalse(channel.isOpen(), "an unguarded connection must be closed");
  }

  @Test
  void moquettesQuietMessageLoggerIsTakenOut() {
    GuardedInitializer initializer = new GuardedInitializer(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel channel) {
        channel.pipeline().addLast(GuardedInitializer.MESSAGE_LOGGER, new MQTTMessageLogger());
        channel.pipeline().addLast(GuardedInitializer.MOQUETTE_HANDLER,
            new ChannelInboundHandlerAdapter());
      }
    }, guards);

    EmbeddedChannel channel = new EmbeddedChannel(initializer);

    initializer.awaitFirstConnection(Duration.ofSeconds(1));
    assertNull(channel.pipeline().get(GuardedInitializer.MESSAGE_LOGGER));
    assertNotNull(channel.pipeline().get(ConnectGuard.NAME));
    channel.finishAndReleaseAll();
  }
}
