package org.vigilar.broker;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Sits in one MQTT connection's pipeline just before Moquette's handler: reads every CONNECT
 * first, and sees Moquette's CONNACK on its way out.
 *
 * <p>A CONNECT that {@link ConnectRules} refuses gets a CONNACK with the refusal's return code
 * and the connection is closed; Moquette never sees it, so it stores no will, opens no session
 * and asks no authenticator, and its handling of the closed channel finds nothing to clean up.
 * The CONNACK of a CONNECT handed on tells the rules whether the client's address failed.
 *
 * <p>One instance per connection; Netty calls it on that connection's event loop only.
 */
final class ConnectGuard extends ChannelDuplexHandler {

  /** The guard's name in the pipeline. */
  static final String NAME = "vigilar-connect-guard";

  private final ConnectRules rules;
  private String address;
  /** Set once a CONNECT was refused: whatever the client sent after it is dropped. */
  private boolean refused;
  /** A CONNECT was handed to Moquette and its CONNACK has not gone out yet. */
  private boolean awaitingAnswer;
  /** Whether that CONNECT carried the appliance's own credential. */
  private boolean ownClient;

  ConnectGuard(ConnectRules rules) {
    this.rules = rules;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof MqttConnectMessage connect && connect.decoderResult().isSuccess()) {
      ownClient = rules.isOwnClient(connect);
      MqttConnectReturnCode refusal = rules.check(address(ctx), connect, ownClient);
      if (refusal != null) {
        refuse(ctx, connect, refusal);
        return;
      }
      awaitingAnswer = true;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (awaitingAnswer && msg instanceof MqttConnAckMessage ack) {
      awaitingAnswer = false;
      rules.answered(address(ctx), ownClient, ack.variableHeader().connectReturnCode());
    }
    ctx.write(msg, promise);
  }

  private void refuse(ChannelHandlerContext ctx, Object msg, MqttConnectReturnCode code) {
    refused = true;
    // Moquette's handler, which would release the message, never gets it.
    ReferenceCountUtil.release(msg);
    ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false)
        .build()).addListener(ChannelFutureListener.CLOSE);
  }

  /** The client's IP address, the key of its failure count. */
  private String address(ChannelHandlerContext ctx) {
    if (address == null) {
      SocketAddress remote = ctx.channel().remoteAddress();
      address = remote instanceof InetSocketAddress inet && inet.getAddress() != null
          ? inet.getAddress().getHostAddress() : "unknown";
    }
    return address;
  }
}
