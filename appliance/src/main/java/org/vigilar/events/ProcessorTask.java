package org.vigilar.events;

import java.util.List;
import org.vigilar.sensors.SensorBook;

/**
 * Work that must run on the processor's thread, between device messages, with the sensor
 * book: timers of the alarm panel, sensor supervision, requests from the API.
 */
@FunctionalInterface
public interface ProcessorTask {

  /**
   * Runs once; changes made to {@code book} are committed with the returned events.
   *
   * @return events to commit and publish in this batch, in order
   * @throws RuntimeException logged; the pipeline goes on
   */
  List<EventDraft> run(SensorBook book);
}
