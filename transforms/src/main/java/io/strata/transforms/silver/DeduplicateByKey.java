package io.strata.transforms.silver;

import io.strata.transforms.contract.TableContract;
import io.strata.transforms.metrics.Count;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one valid candidate per key, the greatest by the contract's order ({@link #WINNERS}); the
 * others are superseded, not rejected ({@link #SUPERSEDED}, and counted). Runs on valid candidates
 * only, so an invalid later version never hides a valid earlier one.
 *
 * <p>Keys are grouped into a fixed number of shards and reduced within each shard, rather than one
 * group per key: the DirectRunner runs a bundle per group, which costs milliseconds each.
 */
public final class DeduplicateByKey
    extends PTransform<PCollection<SilverCandidate>, PCollectionTuple> {
  public static final TupleTag<SilverCandidate> WINNERS = new TupleTag<>() {};
  public static final TupleTag<SilverCandidate> SUPERSEDED = new TupleTag<>() {};

  static final int SHARDS = 16;

  private final TableContract contract;

  private DeduplicateByKey(TableContract contract) {
    this.contract = contract;
  }

  public static DeduplicateByKey of(TableContract contract) {
    return new DeduplicateByKey(contract);
  }

  /**
   * The key as one string: the key columns' canonical values, joined by a separator no value holds.
   */
  static String keyOf(SilverCandidate c, List<String> key) {
    StringBuilder sb = new StringBuilder();
    for (String column : key) {
      if (sb.length() > 0) {
        sb.append('\u0001');
      }
      sb.append(c.value(column));
    }
    return sb.toString();
  }

  @Override
  public PCollectionTuple expand(PCollection<SilverCandidate> valid) {
    List<String> key = contract.key();
    PCollectionTuple split =
        valid
            .apply(
                "Shard by key",
                WithKeys.of((SilverCandidate c) -> Math.floorMod(keyOf(c, key).hashCode(), SHARDS))
                    .withKeyType(TypeDescriptors.integers()))
            .apply("Group shard", GroupByKey.create())
            .apply(
                "Latest per key",
                ParDo.of(new LatestPerKeyFn(contract.table(), key, new CandidateOrder(contract)))
                    .withOutputTags(WINNERS, TupleTagList.of(SUPERSEDED)));
    split.get(WINNERS).setCoder(valid.getCoder());
    split.get(SUPERSEDED).setCoder(valid.getCoder());
    return split;
  }

  private static final class LatestPerKeyFn
      extends DoFn<KV<Integer, Iterable<SilverCandidate>>, SilverCandidate> {
    private final List<String> key;
    private final CandidateOrder order;
    private final Counter superseded;

    LatestPerKeyFn(String table, List<String> key, CandidateOrder order) {
      this.key = key;
      this.order = order;
      this.superseded = Count.SUPERSEDED.counter(table);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<SilverCandidate>> shard, MultiOutputReceiver out) {
      Map<String, SilverCandidate> latest = new HashMap<>();
      for (SilverCandidate c : shard.getValue()) {
        String k = keyOf(c, key);
        SilverCandidate current = latest.putIfAbsent(k, c);
        if (current != null) {
          boolean replaces = order.compare(c, current) > 0;
          if (replaces) {
            latest.put(k, c);
          }
          superseded.inc();
          out.get(SUPERSEDED).output(replaces ? current : c);
        }
      }
      latest.values().forEach(out.get(WINNERS)::output);
    }
  }
}
