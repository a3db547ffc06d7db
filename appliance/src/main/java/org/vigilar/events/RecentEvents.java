package org.vigilar.events;

import java.util.ArrayList;
import java.util.List;

/**
 * The newest committed events with their summaries, kept in memory for the live feed.
 *
 * <p>The processor adds each event once it is committed, in id order. The feed then passes
 * events on without a store query and without serialising them again; only a reader that fell
 * further behind than the window goes back to the store.
 */
public final class RecentEvents {

  /** One committed event and its summary as published. */
  public record Entry(long id, String summaryJson) {
  }

  private final Entry[] ring;
  private int oldest;
  private int size;
  /** Every committed event above this id is in the ring. */
  private long floor;

  /**
   * @param newestStoredId the newest event committed before the processor started: the ring
   *     covers what comes after it
   */
  public RecentEvents(int capacity, long newestStoredId) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.ring = new Entry[capacity];
    this.floor = newestStoredId;
  }

  /** Adds a committed event; ids must increase. */
  public synchronized void add(long id, String summaryJson) {
    if (size == ring.length) {
      floor = ring[oldest].id();
      oldest = (oldest + 1) % ring.length;
      size--;
    }
    ring[(oldest + size) % ring.length] = new Entry(id, summaryJson);
    size++;
  }

  /**
   * Entries with an id above {@code afterId} and at most {@code upTo}, oldest first.
   *
   * @return at most {@code limit} entries, or null when events after {@code afterId} have left
   *     the window and must be read from the store
   */
  public synchronized List<Entry> after(long afterId, long upTo, int limit) {
    if (afterId < floor) {
      return null;
    }
    int first = firstAbove(afterId);
    int end = Math.min(firstAbove(upTo), first + limit);
    // Sized to what is found: the live feed asks for one or two events at a time.
    List<Entry> found = new ArrayList<>(Math.max(end - first, 0));
    for (int i = first; i < end; i++) {
      found.add(ring[(oldest + i) % ring.length]);
    }
    return found;
  }

  /** Position of the first entry with an id above {@code afterId}, by binary search. */
  private int firstAbove(long afterId) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (ring[(oldest + mid) % ring.length].id() <= afterId) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
