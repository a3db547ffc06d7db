package org.vigilar.devices;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
