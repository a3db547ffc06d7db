package org.vigilar.alarm;

/** Reads whether a sensor channel (such as a door's {@code contact}) is active now. */
@FunctionalInterface
public interface ActiveStates {

  boolean active(String sourceId, String channel);
}
