package org.vigilar.devices;

/**
 * MQTT topic and filter arithmetic for the authoriser: which topics a filter matches, whether
 * one filter covers another (every topic the second matches, the first matches too), and
 * whether two filters share any topic.
 */
public final class TopicFilters {

  private static final int MAX_LENGTH = 1024;

  private TopicFilters() {
  }

  /** A valid subscription filter: {@code +} alone in a level, {@code #} alone and last. */
  public static boolean isValidFilter(String filter) {
    if (filter == null || filter.isEmpty() || filter.length() > MAX_LENGTH
        || filter.indexOf('\u0000') >= 0) {
      return false;
    }
    String[] levels = levels(filter);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      if (level.equals("#")) {
        if (i != levels.length - 1) {
          return false;
        }
      } else if (!level.equals("+") && (level.contains("+") || level.contains("#"))) {
        return false;
      }
    }
    return true;
  }

  /** True when the concrete {@code topic} is matched by {@code filter}. */
  public static boolean matches(String filter, String topic) {
    if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
      return false;
    }
    return covers(filter, topic);
  }

  /**
   * True when every topic matched by {@code requested} is also matched by {@code allowed}.
   *
   * <p>The authoriser asks this for every message a device publishes, so it walks the two
   * strings level by level instead of splitting them.
   */
  public static boolean covers(String allowed, String requested) {
    if (startsWithWildcard(allowed) && requested.startsWith("$")) {
      // Wildcards never match $-topics at the first level (MQTT 3.1.1, 4.7.2).
      return false;
    }
    int a = 0;
    int r = 0;
    while (true) {
      int aEnd = levelEnd(allowed, a);
      int rEnd = levelEnd(requested, r);
      if (isLevel(allowed, a, aEnd, '#')) {
        return true;
      }
      if (isLevel(requested, r, rEnd, '#')) {
        return false;
      }
      if (!isLevel(allowed, a, aEnd, '+') && (isLevel(requested, r, rEnd, '+')
          || aEnd - a != rEnd - r || !allowed.regionMatches(a, requested, r, aEnd - a))) {
        return false;
      }

      boolean allowedEnds = aEnd == allowed.length();
      boolean requestedEnds = rEnd == requested.length();
      if (allowedEnds || requestedEnds) {
        // "a/#" also matches "a" itself; any other level left over does not match.
        return allowedEnds ? requestedEnds
            : isLevel(allowed, aEnd + 1, levelEnd(allowed, aEnd + 1), '#');
      }
      a = aEnd + 1;
      r = rEnd + 1;
    }
  }

  private static int levelEnd(String filter, int start) {
    int slash = filter.indexOf('/', start);
    return slash < 0 ? filter.length() : slash;
  }

  private static boolean isLevel(String filter, int start, int end, char wildcard) {
    return end - start == 1 && filter.charAt(start) == wildcard;
  }

  /** True when some topic is matched by both filters. */
  public static boolean intersects(String first, String second) {
    String[] a = levels(first);
    String[] b = levels(second);
    for (int i = 0; ; i++) {
      if (i == a.length || i == b.length) {
        if (i == a.length && i == b.length) {
          return true;
        }
        String[] longer = i == a.length ? b : a;
        return longer[i].equals("#");
      }
      if (a[i].equals("#") || b[i].equals("#")) {
        return true;
      }
      if (!a[i].equals("+") && !b[i].equals("+") && !a[i].equals(b[i])) {
        return false;
      }
    }
  }

  private static boolean startsWithWildcard(String filter) {
    return filter.startsWith("+") || filter.startsWith("#");
  }

  private static String[] levels(String filter) {
    return filter.split("/", -1);
  }
}
