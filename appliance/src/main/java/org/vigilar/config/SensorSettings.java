package org.vigilar.config;

/** One sensor declared in the settings file; any field may be null when not given. */
public record SensorSettings(String name, String kind, String zone, String role) {
}
