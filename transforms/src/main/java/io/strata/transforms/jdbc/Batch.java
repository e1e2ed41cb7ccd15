package io.strata.transforms.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Groups elements into batches of up to {@code size}, spread over {@code shards} keys so several
 * writers work at once. Batches are far larger than a DirectRunner bundle (about 100 elements),
 * which is what makes COPY pay off. A plain GroupByKey is used rather than GroupIntoBatches,
 * whose state the DirectRunner copies on every element (quadratic in the batch size).
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

  /** {@code hash} spreads elements over shards; equal hashes always share a shard. */
  public static <T> Batch<T> of(int size, int shards, SerializableFunction<T, Integer> hash) {
    return new Batch<>(size, shards, hash);
  }

  @Override
  public PCollection<Iterable<T>> expand(PCollection<T> input) {
    int n = shards;
    SerializableFunction<T, Integer> h = hash;
    Coder<T> coder = input.getCoder();
    return input
        .apply("Shard", WithKeys.of((T e) -> Math.floorMod(h.apply(e), n)).withKeyType(TypeDescriptors.integers()))
        .apply("Group", GroupByKey.create())
        .apply("Cut", ParDo.of(new CutFn<T>(size)))
        .setCoder(IterableCoder.of(coder));
  }

  private static final class CutFn<T> extends DoFn<KV<Integer, Iterable<T>>, Iterable<T>> {
    private final int size;

    CutFn(int size) {
      this.size = size;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<T>> shard, OutputReceiver<Iterable<T>> out) {
      List<T> batch = new ArrayList<>(Math.min(size, 1024));
      for (T element : shard.getValue()) {
        batch.add(element);
        if (batch.size() == size) {
          out.output(batch);
          batch = new ArrayList<>(Math.min(size, 1024));
        }
      }
      if (!batch.isEmpty()) {
        out.output(batch);
      }
    }
  }
}
