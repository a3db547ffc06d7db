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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigilar.metrics.Metrics;

/** The guard on its own, in an in-memory channel: what passes to Moquette and what does not. */
class ConnectGuardTest {

  private final Metrics metrics = new Metrics();
  /** Device "door" may publish under its own sensor topics only. */
  private final ConnectRules rules = new ConnectRules(
      (user, topic) -> "door".equals(user) && topic.startsWith("vigilar/sensors/door/"),
      metrics);
  private final EmbeddedChannel channel = new EmbeddedChannel(new ConnectGuard(rules));

  static MqttConnectMessage connect(String user, String willTopic) {
    MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
        .clientId("client-1")
        .protocolVersion(MqttVersion.MQTT_3_1_1)
        .cleanSession(true)
        .keepAlive(30)
        .username(user)
        .password("secret-password".getBytes(StandardCharsets.UTF_8))
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
    ConnectRules broken = new ConnectRules((user, topic) -> {
      throw new IllegalStateException("store closed");
    }, metrics);
    EmbeddedChannel guarded = new EmbeddedChannel(new ConnectGuard(broken));

    guarded.writeInbound(connect("door", "vigilar/sensors/door/status"));

    MqttConnAckMessage ack = guarded.readOutbound();
    assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
        ack.variableHeader().connectReturnCode());
    assertNull(guarded.readInbound());
    assertFalse(guarded.isOpen());
  }
}
