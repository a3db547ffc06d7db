package org.vigilar.broker;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.classify.Topics;
import org.vigilar.metrics.Metrics;

/**
 * What the connect guard asks about each CONNECT before Moquette sees it; shared by every
 * connection and called on their Netty threads.
 *
 * <p>A will must target a topic its user may publish: Moquette 0.17 neither passes the will to
 * the authenticator nor asks the authoriser before it publishes the will to every subscriber.
 */
final class ConnectRules {

  static final String FORBIDDEN_WILLS = "vigilar_mqtt_forbidden_wills_total";
  private static final Logger log = LoggerFactory.getLogger(ConnectRules.class);

  private final BiPredicate<String, String> mayPublish;
  private final Metrics metrics;

  /**
   * @param mayPublish whether a user name (null when anonymous) may publish on a topic
   */
  ConnectRules(BiPredicate<String, String> mayPublish, Metrics metrics) {
    this.mayPublish = mayPublish;
    this.metrics = metrics;
    metrics.describe(FORBIDDEN_WILLS,
        "CONNECTs refused because their will targets a topic the user may not publish");
  }

  /**
   * Decides on one CONNECT.
   *
   * @return the return code to refuse it with, or null to hand it to Moquette
   */
  MqttConnectReturnCode check(MqttConnectMessage connect) {
    if (!connect.variableHeader().isWillFlag()) {
      return null;
    }
    String user = userOf(connect);
    String topic = connect.payload().willTopic();
    boolean allowed;
    try {
      allowed = isTopicName(topic) && mayPublish.test(user, topic);
    } catch (RuntimeException e) {
      log.warn("MQTT CONNECT of client {} refused: cannot check its will on {}: {}",
          printable(connect.payload().clientIdentifier()), printable(topic), e.getMessage());
      return MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
    }
    if (allowed) {
      return null;
    }
    metrics.counter(FORBIDDEN_WILLS).increment();
    log.warn("MQTT CONNECT of client {} refused: its will is on {}, where user {} may not"
        + " publish", printable(connect.payload().clientIdentifier()), printable(topic),
        printable(user));
    return MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
  }

  /** The user name as Moquette reads it: only when the CONNECT's user name flag is set. */
  static String userOf(MqttConnectMessage connect) {
    return connect.variableHeader().hasUserName() ? connect.payload().userName() : null;
  }

  /** A topic a message may be published on: not empty, no wildcards. */
  private static boolean isTopicName(String topic) {
    return topic != null && !topic.isEmpty() && topic.indexOf('+') < 0 && topic.indexOf('#') < 0;
  }

  private static String printable(String text) {
    return text == null ? null : Topics.printable(text);
  }
}
