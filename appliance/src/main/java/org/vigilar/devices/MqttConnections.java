package org.vigilar.devices;

import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.vigilar.security.InternalCredential;

/**
 * Which client ids are connected under which user name, so that the connections of a removed
 * or reset device can be closed; also notes when each device last connected.
 *
 * <p>Runs on Moquette's interceptor thread: store writes are handed to {@code writes}.
 */
final class MqttConnections extends AbstractInterceptHandler {

  private final DeviceStore store;
  private final InternalCredential internal;
  private final Clock clock;
  private final Executor writes;
  /** Client id to user name, the appliance's own clients included; no anonymous clients. */
  private final Map<String, String> users = new ConcurrentHashMap<>();

  MqttConnections(DeviceStore store, InternalCredential internal, Clock clock,
      Executor writes) {
    this.store = store;
    this.internal = internal;
    this.clock = clock;
    this.writes = writes;
  }

  @Override
  public String getID() {
    return "vigilar-connections";
  }

  @Override
  public Class<?>[] getInterceptedMessageTypes() {
    return new Class<?>[] {InterceptConnectMessage.class, InterceptDisconnectMessage.class,
        InterceptConnectionLostMessage.class};
  }

  @Override
  public void onConnect(InterceptConnectMessage msg) {
    String user = msg.getUsername();
    String clientId = msg.getClientID();
    if (user == null || clientId == null) {
      return;
    }
    users.put(clientId, user);
    if (internal.isUser(user)) {
      return;
    }
    writes.execute(() -> store.connected(user, clock.instant()));
  }

  @Override
  public void onDisconnect(InterceptDisconnectMessage msg) {
    forget(msg.getClientID(), msg.getUsername());
  }

  @Override
  public void onConnectionLost(InterceptConnectionLostMessage msg) {
    forget(msg.getClientID(), msg.getUsername());
  }

  @Override
  public void onSessionLoopError(Throwable error) {
    // The intake interceptor reports and handles session loop failures.
  }

  private void forget(String clientId, String user) {
    if (clientId != null && user != null) {
      users.remove(clientId, user);
    }
  }

  /** The user name {@code clientId} is connected with, or null. */
  String userOf(String clientId) {
    return users.get(clientId);
  }

  /** Device user names with at least one connection (not the appliance's own). */
  Set<String> users() {
    return users.values().stream()
        .filter(user -> !internal.isUser(user))
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Client ids connected as {@code user}. */
  List<String> clientsOf(String user) {
    return users.entrySet().stream()
        .filter(e -> e.getValue().equals(user))
        .map(Map.Entry::getKey)
        .toList();
  }
}
