package org.vigilar.bench.traffic;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * How the benchmark's MQTT clients log in.
 *
 * @param username a device name, or null to connect anonymously
 */
public record Credentials(String username, String password) {

  public static Credentials anonymous() {
    return new Credentials(null, null);
  }

  public boolean isAnonymous() {
    return username == null;
  }

  void apply(MqttConnectOptions options) {
    if (username != null) {
      options.setUserName(username);
      options.setPassword(password == null ? new char[0] : password.toCharArray());
    }
  }

  @Override
  public String toString() {
    return username == null ? "anonymous" : "user " + username + " (password hidden)";
  }
}
