package org.vigilar.web;

import java.util.Map;

/** What {@code /healthz} reports. */
public interface HealthCheck {

  /** True when the appliance can serve: store open; false answers 503. */
  boolean ready();

  /** Component states for people and monitors, such as {@code "bridge": "live"}. */
  Map<String, Object> details();
}
