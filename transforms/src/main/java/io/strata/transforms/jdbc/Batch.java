package io.strata.transforms.jdbc;

import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Groups elements into batches of up to {@code size}, spread over {@code shards} keys so several
 * writers work at once. Batches are far larger than a DirectRunner bundle (about 100 elements),
 * which is what makes COPY pay off.
 */
public final class Batch<T> extends PTransform<PCollection<T>, PCollection<Iterable<T>>> {
  private final int size;
  private final int shards;
  private final SerializableFunction<T, Integer> hash;

  private Batch(int size, int shards, SerializableFunction<T, Integer> hash) {
    if (size < 1 || shards < 1) {
      throw new IllegalArgumentException("batch size and shards must be at least 1");
    }
    this.size = size;
    this.shards = shards;
    this.hash = hash;
  }

  /** {@code hash} spreads elements over shards; a stable one keeps retries in the same batch. */
  public static <T> Batch<T> of(int size, int shards, SerializableFunction<T, Integer> hash) {
    return new Batch<>(size, shards, hash);
  }

  @Override
  public PCollection<Iterable<T>> expand(PCollection<T> input) {
    int n = shards;
    SerializableFunction<T, Integer> h = hash;
    return input
        .apply("Shard", WithKeys.of((T e) -> Math.floorMod(h.apply(e), n)).withKeyType(TypeDescriptors.integers()))
        .apply("Group", GroupIntoBatches.ofSize(size))
        .apply("Batches", Values.create());
  }
}
