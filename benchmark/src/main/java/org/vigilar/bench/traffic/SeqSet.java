package org.vigilar.bench.traffic;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLongArray;

/** A fixed-size set of step indexes that many threads may add to. */
final class SeqSet {

  private final AtomicLongArray words;

  SeqSet(int capacity) {
    this.words = new AtomicLongArray((capacity + 63) / 64);
  }

  void add(int index) {
    long bit = 1L << index;
    int word = index >>> 6;
    long old;
    do {
      old = words.get(word);
    } while ((old & bit) == 0 && !words.compareAndSet(word, old, old | bit));
  }

  /** A copy, for counting once the writers are done. */
  BitSet snapshot() {
    long[] copy = new long[words.length()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = words.get(i);
    }
    return BitSet.valueOf(copy);
  }
}
