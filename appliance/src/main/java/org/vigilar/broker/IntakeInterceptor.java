package org.vigilar.broker;

import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptExceptionMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies each device publish out of the broker and hands it to the event pipeline.
 *
 * <p>Runs on Moquette's interceptor thread, so it does no work beyond the copy: a slow handler
 * would grow the broker's unbounded interceptor queue, each entry holding a network buffer.
 */
final class IntakeInterceptor extends AbstractInterceptHandler {

  private static final Logger log = LoggerFactory.getLogger(IntakeInterceptor.class);

  private final PublishSink sink;
  private final Clock clock;
  private final Runnable onSessionLoopError;

  IntakeInterceptor(PublishSink sink, Clock clock, Runnable onSessionLoopError) {
    this.sink = sink;
    this.clock = clock;
    this.onSessionLoopError = onSessionLoopError;
  }

  @Override
  public String getID() {
    return "vigilar-intake";
  }

  @Override
  public Class<?>[] getInterceptedMessageTypes() {
    return new Class<?>[] {InterceptPublishMessage.class, InterceptExceptionMessage.class};
  }

  @Override
  public void onPublish(InterceptPublishMessage msg) {
    InboundPublish copy;
    try {
      ByteBuf payload = msg.getPayload();
      copy = new InboundPublish(msg.getTopicName(), ByteBufUtil.getBytes(payload),
          msg.getClientID(), msg.getUsername(), msg.isRetainFlag(), clock.instant());
    } finally {
      // Releases the broker's duplicate of the payload; after this the buffer is gone.
      super.onPublish(msg);
    }
    sink.offer(copy);
  }

  @Override
  public void onSessionLoopError(Throwable error) {
    // Moquette 0.17 lets such an error kill a session thread for good: every client hashed to
    // it would stop being served, so the broker must be restarted.
    log.error("MQTT broker session loop failed; restarting the broker", error);
    onSessionLoopError.run();
  }
}
