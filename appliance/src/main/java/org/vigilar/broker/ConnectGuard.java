package org.vigilar.broker;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits in one MQTT connection's pipeline just before Moquette's handler and reads every CONNECT
 * first. A CONNECT that {@link ConnectRules} refuses gets a CONNACK with the refusal's return
 * code and the connection is closed; Moquette never sees it, so it stores no will and opens no
 * session, and its handling of the closed channel finds nothing to clean up.
 *
 * <p>One instance per connection; Netty calls it on that connection's event loop only.
 */
final class ConnectGuard extends ChannelInboundHandlerAdapter {

  /** The guard's name in the pipeline. */
  static final String NAME = "vigilar-connect-guard";

  private final ConnectRules rules;
  /** Set once a CONNECT was refused: whatever the client sent after it is dropped. */
  private boolean refused;

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
      MqttConnectReturnCode refusal = rules.check(connect);
      if (refusal != null) {
        refuse(ctx, connect, refusal);
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  private void refuse(ChannelHandlerContext ctx, Object msg, MqttConnectReturnCode code) {
    refused = true;
    // Moquette's handler, which would release the message, never gets it.
    ReferenceCountUtil.release(msg);
    ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false)
        .build()).addListener(ChannelFutureListener.CLOSE);
  }
}
