package io.strata.retail.generate;

import java.util.ArrayList;
import java.util.List;

/** A uniform sample of fixed size from a stream, so a day's orders need not be kept. */
final class Reservoir<T> {
  private final int capacity;
  private final Rng rng;
  private final List<T> items = new ArrayList<>();
  private int seen;

  Reservoir(int capacity, Rng rng) {
    this.capacity = capacity;
    this.rng = rng;
  }

  void offer(T item) {
    if (capacity == 0) {
      return;
    }
    seen++;
    if (items.size() < capacity) {
      items.add(item);
    } else {
      int slot = rng.nextInt(seen);
      if (slot < capacity) {
        items.set(slot, item);
      }
    }
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  /** The i-th sample, wrapping around when the day had fewer items than asked for. */
  T get(int i) {
    return items.get(i % items.size());
  }
}
