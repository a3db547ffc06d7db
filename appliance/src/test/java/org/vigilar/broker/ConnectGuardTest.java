package org.vigilar.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.vigilar.metrics.Metrics;
import org.vigilar.security.FailureLimiter;

/** The guard on its own, in an in-memory channel: what passes to Moquette and what does not. */
class ConnectGuardTest {

  private static final String OWN_USER = "vigilar-internal-test";
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  private final Metrics metrics = new Metrics();
  private final AtomicLong now = new AtomicLong();
  /** Device "door" may publish under its own sensor topics only. */
  private final ConnectRules rules = rules(
      (user, topic) -> "door".equals(user) && topic.startsWith("vigilar/sensors/door/"));
  private final EmbeddedChannel channel = new EmbeddedChannel(new ConnectGuard(rules));

  /** Rules that lock an address out for a minute after three refusals. */
  private ConnectRules rules(BiPredicate<String, String> mayPublish) {
    AddressLimiter addresses = new AddressLimiter(new FailureLimiter.Limits(3,
        Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofHours(1), 16), now::get,
        metrics);
    return new ConnectRules(mayPublish, (user, password) -> OWN_USER.equals(user)
        && Arrays.equals(password, "own-password".getBytes(StandardCharsets.UTF_8)), addresses,
        metrics);
  }

  static MqttConnectMessage connect(String user, String willTopic) {
    return connect(user, "secret-password", willTopic);
  }

  static MqttConnectMessage connect(String user, String password, String willTopic) {
    MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
        .clientId("client-1")
        .protocolVersion(MqttVersion.MQTT_3_1_1)
        .cleanSession(true)
        .keepAlive(30)
        .username(user)
        .password(password.getBytes(StandardCharsets.UTF_8))
        .hasUser(user != null)
        .hasPassword(true);
    if (willTopic != null) {
      connect.willFlag(true).willTopic(willTopic).willQoS(MqttQoS.AT_LEAST_ONCE)
          .willMessage("offline".getBytes(StandardCharsets.UTF_8));
    }
    return connect.build();
  }

  private long forbiddenWills() {
    return metrics.count(ConnectRules.FORBIDDEN_WILLS, "", "");
  }

  @Test
  void aConnectWithoutAWillOrWithAnAllowedOneGoesToMoquette() {
    MqttConnectMessage plain = connect("door", null);
    MqttConnectMessage allowed = connect("door", "vigilar/sensors/door/status");

    channel.writeInbound(plain, allowed);

    assertSame(plain, channel.readInbound());
    assertSame(allowed, channel.readInbound());
    assertNull(channel.readOutbound());
    assertTrue(channel.isOpen());
    assertEquals(0, forbiddenWills());
  }

  @Test
  void aForbiddenWillIsAnsweredNotAuthorisedAndTheConnectionClosed() {
    channel.writeInbound(connect("door", "vigilar/alarm/state"));

    MqttConnAckMessage ack = channel.readOutbound();
    assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
        ack.variableHeader().connectReturnCode());
    assertNull(channel.readInbound(), "Moquette must not see the CONNECT");
    assertFalse(channel.isOpen());
    assertEquals(1, forbiddenWills());
  }

  @Test
  void anAnonymousWillOrAWildcardTopicIsForbidden() {
    EmbeddedChannel anonymous = new EmbeddedChannel(new ConnectGuard(rules));
    anonymous.writeInbound(connect(null, "vigilar/sensors/door/status"));
    channel.writeInbound(connect("door", "vigilar/sensors/door/#"));

    for (EmbeddedChannel refused : new EmbeddedChannel[] {anonymous, channel}) {
      MqttConnAckMessage ack = refused.readOutbound();
      assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
          ack.variableHeader().connectReturnCode());
    }
    assertEquals(2, forbiddenWills());
  }

  @Test
  void whatTheClientSendsAfterARefusalIsDroppedAndReleased() {
    // A slow socket: the CONNACK is still being written when the next packet arrives.
    HeldWrites held = new HeldWrites();
    EmbeddedChannel slow = new EmbeddedChannel(held, new ConnectGuard(rules));
    MqttPublishMessage publish = new MqttPublishMessage(
        new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_MOST_ONCE, false, 0),
        new MqttPublishVariableHeader("vigilar/alarm/set", 0),
        Unpooled.copiedBuffer("on", StandardCharsets.UTF_8));

    slow.writeInbound(connect("door", "vigilar/alarm/set"), publish);

    assertNull(slow.readInbound());
    assertEquals(0, publish.refCnt());
    assertTrue(slow.isOpen());
    held.release();
    MqttConnAckMessage ack = slow.readOutbound();
    assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
        ack.variableHeader().connectReturnCode());
    assertFalse(slow.isOpen(), "closed once the CONNACK is out");
  }

  /** Holds outbound writes until released, as a socket that cannot take them yet. */
  private static final class HeldWrites extends ChannelOutboundHandlerAdapter {

    private final List<Object> messages = new ArrayList<>();
    private final List<ChannelPromise> promises = new ArrayList<>();
    private ChannelHandlerContext ctx;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      this.ctx = ctx;
      messages.add(msg);
      promises.add(promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      // Nothing leaves until release().
    }

    void release() {
      for (int i = 0; i < messages.size(); i++) {
        ctx.write(messages.get(i), promises.get(i));
      }
      ctx.flush();
    }
  }

  @Test
  void aFailingRuleRefusesTheConnectAsUnavailable() {
    ConnectRules broken = rules((user, topic) -> {
      throw new IllegalStateException("store closed");
    });
    EmbeddedChannel guarded = new EmbeddedChannel(new ConnectGuard(broken));

    guarded.writeInbound(connect("door", "vigilar/sensors/door/status"));

    MqttConnAckMessage ack = guarded.readOutbound();
    assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
        ack.variableHeader().connectReturnCode());
    assertNull(guarded.readInbound());
    assertFalse(guarded.isOpen());
  }

  private long throttled() {
    return metrics.count(AddressLimiter.THROTTLED, "", "");
  }

  /** Sends a CONNECT through a fresh guard and answers it as Moquette would, if it passes. */
  private MqttConnectReturnCode attempt(String user, String password,
      MqttConnectReturnCode moquettesAnswer) {
    EmbeddedChannel connection = new EmbeddedChannel(new ConnectGuard(rules));
    connection.writeInbound(connect(user, password, null));
    if (connection.readInbound() != null) {
      connection.writeOutbound(MqttMessageBuilders.connAck().returnCode(moquettesAnswer)
          .sessionPresent(false).build());
    }
    MqttConnAckMessage ack = connection.readOutbound();
    return ack.variableHeader().connectReturnCode();
  }

  @Test
  void anAddressRefusedTooOftenIsTurnedAwayWithoutReachingMoquette() {
    for (int i = 0; i < 3; i++) {
      assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
          attempt("door", "guess-" + i,
              MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD));
    }

    // Moquette would accept this one; the guard never lets it get that far.
    EmbeddedChannel blocked = new EmbeddedChannel(new ConnectGuard(rules));
    blocked.writeInbound(connect("door", null));
    assertNull(blocked.readInbound());
    MqttConnAckMessage ack = blocked.readOutbound();
    assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
        ack.variableHeader().connectReturnCode());
    assertFalse(blocked.isOpen());
    assertEquals(1, throttled());

    now.addAndGet(MINUTE);
    assertEquals(MqttConnectReturnCode.CONNECTION_ACCEPTED,
        attempt("door", "secret-password", MqttConnectReturnCode.CONNECTION_ACCEPTED));
  }

  @Test
  void theAppliancesOwnClientsPassALockedOutAddress() {
    for (int i = 0; i < 3; i++) {
      attempt("door", "guess-" + i,
          MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
    }

    assertEquals(MqttConnectReturnCode.CONNECTION_ACCEPTED,
        attempt(OWN_USER, "own-password", MqttConnectReturnCode.CONNECTION_ACCEPTED));
    // Its success forgets nothing of the guesses, and a wrong own password is no pass.
    assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
        attempt("door", "secret-password", MqttConnectReturnCode.CONNECTION_ACCEPTED));
    assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
        attempt(OWN_USER, "guess", MqttConnectReturnCode.CONNECTION_ACCEPTED));
    assertEquals(2, throttled());
  }

  @Test
  void anAcceptedConnectForgetsTheAddressesFailuresAndForbiddenWillsCount() {
    attempt("door", "guess-1", MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
    attempt("door", "guess-2", MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
    attempt("door", "secret-password", MqttConnectReturnCode.CONNECTION_ACCEPTED);
    attempt("door", "guess-3", MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
    attempt("door", "guess-4", MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
    assertEquals(0, throttled());

    channel.writeInbound(connect("door", "vigilar/alarm/state"));
    assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
        attempt("door", "secret-password", MqttConnectReturnCode.CONNECTION_ACCEPTED));
    assertEquals(1, throttled());
  }
}
