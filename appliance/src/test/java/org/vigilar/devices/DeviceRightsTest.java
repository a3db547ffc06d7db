package org.vigilar.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceRightsTest {

  private final DeviceRights door = new DeviceRights("door", List.of(), 1);

  @Test
  void devicePublishesUnderItsOwnSensorAndCameraTopics() {
    assertTrue(door.canPublish("vigilar/sensors/door/contact"));
    assertTrue(door.canPublish("vigilar/cameras/door/snapshot"));
    assertFalse(door.canPublish("vigilar/sensors/window/contact"));
    assertFalse(door.canPublish("vigilar/sensors/door2/contact"));
    assertTrue(door.canPublish("vigilar/sensors/door"));
    assertFalse(door.canPublish("vigilar/sensors/doo"));
    assertFalse(door.canPublish("vigilar/sensors/door/+"));
    assertFalse(door.canPublish("vigilar/sensorsdoor/contact"));
    assertFalse(door.canPublish("vigilar/alarm/set"));
  }

  @Test
  void applianceTopicsStayClosedWhateverTheGrants() {
    DeviceRights wide = new DeviceRights("gw", List.of("vigilar/#"), 1);
    assertTrue(wide.canPublish("vigilar/sensors/any/contact"));
    assertFalse(wide.canPublish("vigilar/events/published"));
    assertFalse(wide.canPublish("vigilar/alarm/state"));
  }

  @Test
  void grantsWidenPublishing() {
    DeviceRights keypad = new DeviceRights("keypad", List.of("vigilar/alarm/set"), 1);
    assertTrue(keypad.canPublish("vigilar/alarm/set"));
    DeviceRights bridge = new DeviceRights("z2m", List.of("zigbee2mqtt/#"), 1);
    assertTrue(bridge.canPublish("zigbee2mqtt/hall/motion"));
  }

  @Test
  void deviceSubscribesToAlarmStateAndItsOwnCommands() {
    assertTrue(door.canSubscribe("vigilar/alarm/state"));
    assertTrue(door.canSubscribe("vigilar/devices/door/#"));
    assertTrue(door.canSubscribe("vigilar/devices/door/siren"));
    assertFalse(door.canSubscribe("vigilar/devices/window/#"));
    assertFalse(door.canSubscribe("vigilar/events/published"));
    assertFalse(door.canSubscribe("#"));
    assertFalse(door.canSubscribe("vigilar/+/state"));
  }

  @Test
  void grantsReachingApplianceTopicsAreRefused() {
    assertEquals("vigilar/sensors/#", Devices.checkGrant("vigilar/sensors/#"));
    assertThrows(IllegalArgumentException.class, () -> Devices.checkGrant("#"));
    assertThrows(IllegalArgumentException.class, () -> Devices.checkGrant("vigilar/#"));
    assertThrows(IllegalArgumentException.class, () -> Devices.checkGrant("vigilar/events/#"));
    assertThrows(IllegalArgumentException.class, () -> Devices.checkGrant("vigilar/+/state"));
    assertThrows(IllegalArgumentException.class, () -> Devices.checkGrant("vigilar/a#"));
  }
}
