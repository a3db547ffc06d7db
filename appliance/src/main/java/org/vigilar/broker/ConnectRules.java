package org.vigilar.broker;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.classify.Topics;
import org.vigilar.metrics.Metrics;

/**
 * What the connect guard asks about each CONNECT before Moquette sees it, and what it reports
 * of Moquette's answers; shared by every connection and called on their Netty threads.
 *
 * <ul>
 *   <li>An address refused too often is turned away at once (see {@link AddressLimiter}),
 *       unless the CONNECT carries the appliance's own credential: a guesser on the same
 *       address must not cut the appliance off its broker.</li>
 *   <li>A will must target a topic its user may publish: Moquette 0.17 neither passes the will
 *       to the authenticator nor asks the authoriser before it publishes the will to every
 *       subscriber. Such a refusal counts against the address, like a wrong password.</li>
 * </ul>
 */
final class ConnectRules {

  static final String FORBIDDEN_WILLS = "vigilar_mqtt_forbidden_wills_total";
  private static final Logger log = LoggerFactory.getLogger(ConnectRules.class);

  private final BiPredicate<String, String> mayPublish;
  private final BiPredicate<String, byte[]> ownClient;
  private final AddressLimiter addresses;
  private final Metrics metrics;

  /**
   * @param mayPublish whether a user name (null when anonymous) may publish on a topic
   * @param ownClient whether a user name and password are the appliance's own credential;
   *     must take constant time and no store access
   */
  ConnectRules(BiPredicate<String, String> mayPublish, BiPredicate<String, byte[]> ownClient,
      AddressLimiter addresses, Metrics metrics) {
    this.mayPublish = mayPublish;
    this.ownClient = ownClient;
    this.addresses = addresses;
    this.metrics = metrics;
    metrics.describe(FORBIDDEN_WILLS,
        "CONNECTs refused because their will targets a topic the user may not publish");
  }

  /** True when {@code connect} carries the appliance's own credential. */
  boolean isOwnClient(MqttConnectMessage connect) {
    return connect.variableHeader().hasPassword()
        && ownClient.test(userOf(connect), connect.payload().passwordInBytes());
  }

  /**
   * Decides on one CONNECT.
   *
   * @param own whether it carries the appliance's own credential
   * @return the return code to refuse it with, or null to hand it to Moquette
   */
  MqttConnectReturnCode check(String address, MqttConnectMessage connect, boolean own) {
    if (!own && !addresses.admits(address)) {
      log.debug("MQTT CONNECT of client {} from {} refused: the address is locked out",
          printable(connect.payload().clientIdentifier()), address);
      return MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
    }
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
    addresses.failed(address);
    return MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
  }

  /**
   * Notes Moquette's answer to a CONNECT that was handed to it.
   *
   * @param own whether the CONNECT carried the appliance's own credential
   */
  void answered(String address, boolean own, MqttConnectReturnCode code) {
    switch (code) {
      case CONNECTION_ACCEPTED -> {
        if (!own) {
          addresses.succeeded(address);
        }
      }
      case CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, CONNECTION_REFUSED_NOT_AUTHORIZED ->
          addresses.failed(address);
      default -> {
        // A bad protocol version, client id or a busy server says nothing about credentials.
      }
    }
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
