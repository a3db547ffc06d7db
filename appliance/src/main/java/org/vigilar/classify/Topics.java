package org.vigilar.classify;

import java.util.regex.Pattern;

/** The native topic layout of the contract. */
public final class Topics {

  public static final String PREFIX = "vigilar/";
  public static final String EVENTS_PUBLISHED = "vigilar/events/published";

  private static final Pattern SOURCE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final int PRINTABLE_LENGTH = 120;

  /**
   * A parsed device topic.
   *
   * @param camera true under {@code cameras/}, false under {@code sensors/}
   * @param channel the last level: a sensor kind, {@code status}, or a camera channel
   */
  public record DeviceTopic(boolean camera, String sourceId, String channel) {
  }

  private Topics() {
  }

  /**
   * Parses {@code vigilar/sensors/{id}/{channel}} or {@code vigilar/cameras/{id}/{channel}}.
   *
   * @param clientId names the sender in the problem when the topic has no usable source id
   * @throws InputProblem when the topic is outside that layout
   */
  public static DeviceTopic parse(String topic, String clientId) throws InputProblem {
    if (!topic.startsWith(PREFIX)) {
      throw new InputProblem(ProblemKind.UNKNOWN_TOPIC, clientId, "topic outside vigilar/");
    }
    String[] levels = topic.split("/", -1);
    for (String level : levels) {
      if (level.isEmpty()) {
        throw new InputProblem(ProblemKind.BAD_TOPIC, clientId, "empty topic level");
      }
    }
    boolean camera = levels.length == 4 && levels[1].equals("cameras");
    boolean sensor = levels.length == 4 && levels[1].equals("sensors");
    if (!camera && !sensor) {
      throw new InputProblem(ProblemKind.UNKNOWN_TOPIC, clientId, "not a sensor or camera topic");
    }
    if (!SOURCE_ID.matcher(levels[2]).matches()) {
      throw new InputProblem(ProblemKind.BAD_TOPIC, clientId,
          "source id must be 1-64 letters, digits or _.:-");
    }
    return new DeviceTopic(camera, levels[2], levels[3]);
  }

  /** A topic shortened and stripped of control characters, safe to put in a log line. */
  public static String printable(String topic) {
    String shown = topic.length() > PRINTABLE_LENGTH
        ? topic.substring(0, PRINTABLE_LENGTH) + "..." : topic;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
