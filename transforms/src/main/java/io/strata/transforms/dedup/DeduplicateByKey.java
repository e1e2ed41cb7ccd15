package io.strata.transforms.dedup;

import io.strata.transforms.contract.TableContract;
import io.strata.transforms.ledger.LedgerCounters;
import io.strata.transforms.silver.SilverCandidate;
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
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one valid candidate per key, the greatest by the contract's order; the others are counted
 * as superseded (not rejected). Runs on valid candidates only, so an invalid later version never
 * hides a valid earlier one.
 *
 * <p>Keys are grouped into a fixed number of shards and reduced within each shard, rather than one
 * group per key: the DirectRunner runs a bundle per group, which costs milliseconds each.
 */
public final class DeduplicateByKey
    extends PTransform<PCollection<SilverCandidate>, PCollection<SilverCandidate>> {
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
  public static String keyOf(SilverCandidate c, List<String> key) {
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
  public PCollection<SilverCandidate> expand(PCollection<SilverCandidate> valid) {
    List<String> key = contract.key();
    return valid
        .apply(
            "Shard by key",
            WithKeys.of((SilverCandidate c) -> Math.floorMod(keyOf(c, key).hashCode(), SHARDS))
                .withKeyType(TypeDescriptors.integers()))
        .apply("Group shard", GroupByKey.create())
        .apply(
            "Latest per key",
            ParDo.of(new LatestPerKeyFn(contract.table(), key, new CandidateOrder(contract))))
        .setCoder(valid.getCoder());
  }

  private static final class LatestPerKeyFn
      extends DoFn<KV<Integer, Iterable<SilverCandidate>>, SilverCandidate> {
    private final List<String> key;
    private final CandidateOrder order;
    private final Counter superseded;

    LatestPerKeyFn(String table, List<String> key, CandidateOrder order) {
      this.key = key;
      this.order = order;
      this.superseded = LedgerCounters.counter(table, LedgerCounters.SUPERSEDED);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<SilverCandidate>> shard,
        OutputReceiver<SilverCandidate> out) {
      Map<String, SilverCandidate> latest = new HashMap<>();
      long seen = 0;
      for (SilverCandidate c : shard.getValue()) {
        seen++;
        latest.merge(keyOf(c, key), c, (a, b) -> order.compare(a, b) >= 0 ? a : b);
      }
      superseded.inc(seen - latest.size());
      latest.values().forEach(out::output);
    }
  }
}
