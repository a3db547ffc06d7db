package org.vigilar.classify;

import java.time.Instant;
import java.util.List;
import org.vigilar.events.EventDraft;

/** What one device message amounts to. */
public sealed interface Outcome {

  /** The message updated the sensor's record but is no event. */
  Outcome NOTHING = new Nothing();

  /** Nothing to store beyond the sensor's record. */
  record Nothing() implements Outcome {
  }

  /** New events, in order. */
  record Events(List<EventDraft> drafts) implements Outcome {

    public Events {
      drafts = List.copyOf(drafts);
    }
  }

  /** A camera's JPEG, to attach to that camera's latest event. */
  record Snapshot(String sourceId, byte[] jpeg, Instant receivedAt) implements Outcome {
  }
}
