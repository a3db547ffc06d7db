package org.vigilar.devices;

import org.vigilar.security.Secret;

/**
 * A device's credentials just made: the password is shown once, never stored.
 *
 * @param deviceId the MQTT user name
 */
public record NewCredential(String deviceId, Secret password) {
}
