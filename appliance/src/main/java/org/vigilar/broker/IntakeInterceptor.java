package org.vigilar.broker;

import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import io.moquette.interception.messages.InterceptExceptionMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.classify.Topics;

/**
 * Copies each device publish out of the broker and hands it to the event pipeline.
 *
 * <p>Runs on Moquette's session threads (see {@link InlineInterception}), so it does no work
 * beyond the copy: a slow handler would hold up every client that thread serves.
 *
 * <p>Moquette publishes a client's will message without telling interceptors, so this class
 * keeps each client's will from its CONNECT and hands it on, like a publish, when the
 * connection is lost. A clean DISCONNECT discards the will, as the broker does; connections
 * closed because the broker itself stops are no sensor's fault and hand on nothing.
 *
 * <p>A CONNECT whose will its user may not publish never reaches Moquette (see
 * {@link ConnectGuard}). The rule is asked again when the connection is lost, because the
 * device's rights may have changed meanwhile: removing a device closes its connections, which
 * fires their wills. So a will is handed on only when its user may publish on its topic at that
 * moment, and no device speaks for another sensor, or commands the alarm, through its will.
 */
final class IntakeInterceptor extends AbstractInterceptHandler {

  private static final Logger log = LoggerFactory.getLogger(IntakeInterceptor.class);
  /** A will is a status message; anything larger is no sensor's will. */
  private static final int MAX_WILL_PAYLOAD = 16 * 1024;

  private final PublishSink sink;
  private final Clock clock;
  private final Runnable onSessionLoopError;
  private final BiPredicate<String, String> mayPublish;
  /** Wills of connected clients on our topics, by client id. */
  private final Map<String, Will> wills = new ConcurrentHashMap<>();
  private volatile boolean brokerStopping;

  private record Will(String topic, byte[] payload, String username, boolean retained) {
  }

  /**
   * @param mayPublish whether a user name (null when anonymous) may publish on a topic
   */
  IntakeInterceptor(PublishSink sink, Clock clock, Runnable onSessionLoopError,
      BiPredicate<String, String> mayPublish) {
    this.sink = sink;
    this.clock = clock;
    this.onSessionLoopError = onSessionLoopError;
    this.mayPublish = mayPublish;
  }

  @Override
  public String getID() {
    return "vigilar-intake";
  }

  @Override
  public Class<?>[] getInterceptedMessageTypes() {
    return new Class<?>[] {InterceptPublishMessage.class, InterceptExceptionMessage.class,
        InterceptConnectMessage.class, InterceptDisconnectMessage.class,
        InterceptConnectionLostMessage.class};
  }

  /** Called before the broker stops: the connections it closes carry no wills to us. */
  void brokerStopping() {
    brokerStopping = true;
  }

  void brokerStarted() {
    wills.clear();
    brokerStopping = false;
  }

  @Override
  public void onConnect(InterceptConnectMessage msg) {
    String clientId = msg.getClientID();
    byte[] payload = msg.isWillFlag() ? msg.getWillMessage() : null;
    if (payload != null && msg.getWillTopic() != null
        && msg.getWillTopic().startsWith("vigilar/") && payload.length <= MAX_WILL_PAYLOAD) {
      wills.put(clientId, new Will(msg.getWillTopic(), payload.clone(), msg.getUsername(),
          msg.isWillRetain()));
    } else {
      wills.remove(clientId);
    }
  }

  @Override
  public void onDisconnect(InterceptDisconnectMessage msg) {
    wills.remove(msg.getClientID());
  }

  private boolean willAllowed(Will will) {
    try {
      return mayPublish.test(will.username(), will.topic());
    } catch (RuntimeException e) {
      log.warn("Cannot check the will of {} on {}; not handed on: {}", will.username(),
          Topics.printable(will.topic()), e.getMessage());
      return false;
    }
  }

  @Override
  public void onConnectionLost(InterceptConnectionLostMessage msg) {
    Will will = wills.remove(msg.getClientID());
    if (will == null || brokerStopping) {
      return;
    }
    if (!willAllowed(will)) {
      log.debug("Connection of {} lost; its will on {} is not handed on: user {} may not"
          + " publish there", msg.getClientID(), Topics.printable(will.topic()), will.username());
      return;
    }
    log.debug("Connection of {} lost; its will on {} goes to the pipeline", msg.getClientID(),
        Topics.printable(will.topic()));
    sink.offer(new InboundPublish(will.topic(), will.payload(), msg.getClientID(),
        will.username(), will.retained(), clock.instant()));
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
    if (brokerStopping) {
      // A broker being stopped interrupts its own loops; restarting it would undo the stop.
      log.debug("MQTT broker session loop ended while stopping: {}", error.toString());
      return;
    }
    log.error("MQTT broker session loop failed; restarting the broker", error);
    onSessionLoopError.run();
  }
}
