package org.vigilar.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicFiltersTest {

  @Test
  void validFiltersKeepWildcardsAloneInTheirLevel() {
    assertTrue(TopicFilters.isValidFilter("vigilar/sensors/+/contact"));
    assertTrue(TopicFilters.isValidFilter("vigilar/#"));
    assertTrue(TopicFilters.isValidFilter("#"));
    assertFalse(TopicFilters.isValidFilter("vigilar/#/x"));
    assertFalse(TopicFilters.isValidFilter("vigilar/sens+"));
    assertFalse(TopicFilters.isValidFilter("vigilar/a#"));
    assertFalse(TopicFilters.isValidFilter(""));
    assertFalse(TopicFilters.isValidFilter("a\u0000b"));
  }

  @Test
  void matchesFollowsMqttRules() {
    assertTrue(TopicFilters.matches("vigilar/sensors/door/#", "vigilar/sensors/door/contact"));
    assertTrue(TopicFilters.matches("vigilar/sensors/door/#", "vigilar/sensors/door"));
    assertTrue(TopicFilters.matches("vigilar/+/door/contact", "vigilar/sensors/door/contact"));
    assertFalse(TopicFilters.matches("vigilar/sensors/door/#", "vigilar/sensors/door2/contact"));
    assertFalse(TopicFilters.matches("vigilar/sensors/+", "vigilar/sensors/door/contact"));
    assertFalse(TopicFilters.matches("#", "$SYS/broker"));
  }

  @Test
  void wildcardTopicsNeverMatchAsConcreteTopics() {
    assertFalse(TopicFilters.matches("vigilar/sensors/door/#", "vigilar/sensors/door/+"));
  }

  @Test
  void coversOnlyWhenEveryTopicOfTheRequestIsAllowed() {
    assertTrue(TopicFilters.covers("vigilar/devices/k1/#", "vigilar/devices/k1/+"));
    assertTrue(TopicFilters.covers("vigilar/devices/k1/#", "vigilar/devices/k1/#"));
    assertTrue(TopicFilters.covers("vigilar/alarm/state", "vigilar/alarm/state"));
    assertFalse(TopicFilters.covers("vigilar/alarm/state", "vigilar/alarm/+"));
    assertFalse(TopicFilters.covers("vigilar/alarm/state", "vigilar/#"));
    assertFalse(TopicFilters.covers("vigilar/devices/k1/#", "vigilar/devices/+/cmd"));
    assertFalse(TopicFilters.covers("vigilar/devices/k1/#", "#"));
    assertFalse(TopicFilters.covers("a/+", "a/#"));
  }

  @Test
  void intersectsWhenSomeTopicMatchesBoth() {
    assertTrue(TopicFilters.intersects("#", "vigilar/events/#"));
    assertTrue(TopicFilters.intersects("vigilar/+/published", "vigilar/events/#"));
    assertTrue(TopicFilters.intersects("vigilar/#", "vigilar/alarm/state"));
    assertTrue(TopicFilters.intersects("vigilar/alarm/+", "vigilar/alarm/state"));
    assertTrue(TopicFilters.intersects("vigilar/events", "vigilar/events/#"));
    assertFalse(TopicFilters.intersects("vigilar/sensors/#", "vigilar/events/#"));
    assertFalse(TopicFilters.intersects("vigilar/alarm/set", "vigilar/alarm/state"));
    assertFalse(TopicFilters.intersects("zigbee2mqtt/#", "vigilar/events/#"));
  }

  /** Every pair of filters of up to three levels, against the rule applied level by level. */
  @Test
  void coversAgreesWithTheLevelByLevelRuleForEveryShortFilter() {
    List<String> levels = List.of("a", "b", "ab", "", "+", "#", "$s");
    List<String> filters = new ArrayList<>();
    for (String one : levels) {
      filters.add(one);
      for (String two : levels) {
        filters.add(one + "/" + two);
        for (String three : levels) {
          filters.add(one + "/" + two + "/" + three);
        }
      }
    }
    filters.removeIf(f -> !TopicFilters.isValidFilter(f));

    for (String allowed : filters) {
      for (String requested : filters) {
        assertEquals(coversByLevels(allowed, requested),
            TopicFilters.covers(allowed, requested), allowed + " covers " + requested);
      }
    }
  }

  private static boolean coversByLevels(String allowed, String requested) {
    if ((allowed.startsWith("+") || allowed.startsWith("#")) && requested.startsWith("$")) {
      return false;
    }
    String[] a = allowed.split("/", -1);
    String[] r = requested.split("/", -1);
    for (int i = 0; ; i++) {
      if (i == a.length) {
        return i == r.length;
      }
      if (a[i].equals("#")) {
        return true;
      }
      if (i == r.length || r[i].equals("#")) {
        return false;
      }
      if (!a[i].equals("+") && (r[i].equals("+") || !a[i].equals(r[i]))) {
        return false;
      }
    }
  }
}
