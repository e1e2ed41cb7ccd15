package io.strata.transforms.dedup;

import io.strata.transforms.contract.TableContract;
import io.strata.transforms.ledger.LedgerCounters;
import io.strata.transforms.silver.SilverCandidate;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Keeps one valid candidate per key, the greatest by the contract's order; the others are
 * counted as superseded (not rejected). Runs on valid candidates only, so an invalid later
 * version never hides a valid earlier one.
 */
public final class DeduplicateByKey extends PTransform<PCollection<SilverCandidate>, PCollection<SilverCandidate>> {
  private final TableContract contract;

  private DeduplicateByKey(TableContract contract) {
    this.contract = contract;
  }

  public static DeduplicateByKey of(TableContract contract) {
    return new DeduplicateByKey(contract);
  }

  /** The key as one string: the key columns' canonical values, joined by a separator no value holds. */
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
        .apply("Key", WithKeys.of((SilverCandidate c) -> keyOf(c, key)).withKeyType(TypeDescriptors.strings()))
        .apply("Latest per key", Combine.perKey(new LatestFn(new CandidateOrder(contract))))
        .apply("Count superseded", ParDo.of(new EmitWinnerFn(contract.table())))
        .setCoder(valid.getCoder());
  }

  /** The best candidate so far and how many candidates it was chosen from. */
  static final class Latest implements Serializable {
    @Nullable SilverCandidate best;
    long seen;
  }

  private static final class LatestFn extends Combine.CombineFn<SilverCandidate, Latest, Latest> {
    private final CandidateOrder order;

    LatestFn(CandidateOrder order) {
      this.order = order;
    }

    @Override
    public Latest createAccumulator() {
      return new Latest();
    }

    @Override
    public Latest addInput(Latest acc, SilverCandidate c) {
      acc.seen++;
      if (acc.best == null || order.compare(c, acc.best) >= 0) {
        acc.best = c;
      }
      return acc;
    }

    @Override
    public Latest mergeAccumulators(Iterable<Latest> accumulators) {
      Latest merged = new Latest();
      for (Latest a : accumulators) {
        merged.seen += a.seen;
        if (a.best != null && (merged.best == null || order.compare(a.best, merged.best) > 0)) {
          merged.best = a.best;
        }
      }
      return merged;
    }

    @Override
    public Latest extractOutput(Latest acc) {
      return acc;
    }

    @Override
    public Coder<Latest> getAccumulatorCoder(CoderRegistry registry, Coder<SilverCandidate> input) {
      return SerializableCoder.of(Latest.class);
    }

    @Override
    public Coder<Latest> getDefaultOutputCoder(CoderRegistry registry, Coder<SilverCandidate> input)
        throws CannotProvideCoderException {
      return SerializableCoder.of(Latest.class);
    }
  }

  private static final class EmitWinnerFn extends DoFn<KV<String, Latest>, SilverCandidate> {
    private final Counter superseded;

    EmitWinnerFn(String table) {
      this.superseded = LedgerCounters.counter(table, LedgerCounters.SUPERSEDED);
    }

    @ProcessElement
    public void process(@Element KV<String, Latest> e, OutputReceiver<SilverCandidate> out) {
      superseded.inc(e.getValue().seen - 1);
      out.output(e.getValue().best);
    }
  }
}
