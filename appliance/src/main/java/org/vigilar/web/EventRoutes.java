package org.vigilar.web;

import io.undertow.server.RoutingHandler;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.vigilar.config.SensorSettings;
import org.vigilar.events.EventStore;
import org.vigilar.sensors.SensorStore;

/** The core API: events and sensors. */
public final class EventRoutes implements Routes {

  private final EventsApi events;
  private final SensorsApi sensors;

  public EventRoutes(EventStore events, SensorStore sensors, Map<String, SensorSettings> declared,
      Clock clock) {
    this(events, sensors, () -> declared, clock);
  }

  /**
   * @param settings every sensor's settings as they are now: declared, edited, defaults
   */
  public EventRoutes(EventStore events, SensorStore sensors,
      Supplier<Map<String, SensorSettings>> settings, Clock clock) {
    this.events = new EventsApi(events, clock);
    this.sensors = new SensorsApi(sensors, settings);
  }

  @Override
  public void register(RoutingHandler routing) {
    routing.get("/api/events", events::list);
    routing.post("/api/events/{id}/ack", events::acknowledge);
    routing.get("/api/events/{id}/snapshot", events::snapshot);
    routing.get("/api/sensors", sensors::list);
  }
}
