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
  private static final String SENSORS = "vigilar/sensors/";
  private static final String CAMERAS = "vigilar/cameras/";

  public DeviceRights {
    grants = List.copyOf(grants);
  }

  /** True when {@code topic} is reserved to the appliance. */
  public static boolean applianceOnly(String topic) {
    return anyMatches(APPLIANCE_ONLY, topic);
  }

  public static String commandFilter(String id) {
    return "vigilar/devices/" + id + "/#";
  }

  /** May this device publish on the concrete {@code topic}? */
  public boolean canPublish(String topic) {
    if (applianceOnly(topic)) {
      return false;
    }
    return isOwn(SENSORS, topic) || isOwn(CAMERAS, topic) || anyMatches(grants, topic);
  }

  /**
   * True when {@code topic} is matched by {@code prefix + id + "/#"}, without building that
   * filter for every message: an id never holds a slash or a wildcard.
   */
  private boolean isOwn(String prefix, String topic) {
    int end = prefix.length() + id.length();
    return topic.startsWith(prefix) && topic.startsWith(id, prefix.length())
        && (topic.length() == end || topic.charAt(end) == '/')
        && topic.indexOf('+') < 0 && topic.indexOf('#') < 0;
  }

  // Asked for every message a device publishes: plain loops, no stream per call.
  private static boolean anyMatches(List<String> filters, String topic) {
    for (String filter : filters) {
      if (TopicFilters.matches(filter, topic)) {
        return true;
      }
    }
    return false;
  }

  /** May this device subscribe to {@code filter}? Wildcards must stay inside what it may read. */
  public boolean canSubscribe(String filter) {
    return TopicFilters.covers(ALARM_STATE, filter)
        || TopicFilters.covers(commandFilter(id), filter);
  }
}
