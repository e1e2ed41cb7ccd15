package io.strata.transforms.silver;

import io.strata.transforms.metrics.Count;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/** Routes candidates without reasons to {@link #VALID} and the others to {@link #REJECTED}. */
public final class SplitByValidity
    extends PTransform<PCollection<SilverCandidate>, PCollectionTuple> {
  public static final TupleTag<SilverCandidate> VALID = new TupleTag<>() {};
  public static final TupleTag<SilverCandidate> REJECTED = new TupleTag<>() {};

  private final String table;

  private SplitByValidity(String table) {
    this.table = table;
  }

  public static SplitByValidity forTable(String table) {
    return new SplitByValidity(table);
  }

  @Override
  public PCollectionTuple expand(PCollection<SilverCandidate> input) {
    PCollectionTuple split =
        input.apply(
            "Split", ParDo.of(new SplitFn(table)).withOutputTags(VALID, TupleTagList.of(REJECTED)));
    split.get(VALID).setCoder(input.getCoder());
    split.get(REJECTED).setCoder(input.getCoder());
    return split;
  }

  private static final class SplitFn extends DoFn<SilverCandidate, SilverCandidate> {
    private final Counter processed;

    SplitFn(String table) {
      this.processed = Count.SILVER_PROCESSED.counter(table);
    }

    @ProcessElement
    public void process(@Element SilverCandidate c, MultiOutputReceiver out) {
      if (c.isValid()) {
        processed.inc();
        out.get(VALID).output(c);
      } else {
        out.get(REJECTED).output(c);
      }
    }
  }
}
