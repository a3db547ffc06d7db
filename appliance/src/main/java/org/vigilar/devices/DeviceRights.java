package org.vigilar.devices;

import java.util.List;

/**
 * What one device may do on the broker, decided by its user name (its id), never its client id.
 *
 * <p>Publish: under {@code vigilar/sensors/{id}/#} and {@code vigilar/cameras/{id}/#}, plus the
 * filters granted with {@code --publish}; never the appliance's own topics, whatever a grant
 * says. Subscribe: {@code vigilar/alarm/state} and its own command topics
 * {@code vigilar/devices/{id}/#}.
 *
 * @param grants extra publish filters
 * @param revision the credential revision these rights were read with
 */
public record DeviceRights(String id, List<String> grants, long revision) {

  /** Topics only the appliance itself publishes. */
  public static final List<String> APPLIANCE_ONLY = List.of("vigilar/events/#",
      "vigilar/alarm/state");
  public static final String ALARM_STATE = "vigilar/alarm/state";

  public DeviceRights {
    grants = List.copyOf(grants);
  }

  /** True when {@code topic} is reserved to the appliance. */
  public static boolean applianceOnly(String topic) {
    return APPLIANCE_ONLY.stream().anyMatch(filter -> TopicFilters.matches(filter, topic));
  }

  public static String commandFilter(String id) {
    return "vigilar/devices/" + id + "/#";
  }

  /** May this device publish on the concrete {@code topic}? */
  public boolean canPublish(String topic) {
    if (applianceOnly(topic)) {
      return false;
    }
    return TopicFilters.matches("vigilar/sensors/" + id + "/#", topic)
        || TopicFilters.matches("vigilar/cameras/" + id + "/#", topic)
        || grants.stream().anyMatch(grant -> TopicFilters.matches(grant, topic));
  }

  /** May this device subscribe to {@code filter}? Wildcards must stay inside what it may read. */
  public boolean canSubscribe(String filter) {
    return TopicFilters.covers(ALARM_STATE, filter)
        || TopicFilters.covers(commandFilter(id), filter);
  }
}
