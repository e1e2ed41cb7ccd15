package io.strata.transforms.silver;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.bronze.ReadBronze;
import io.strata.transforms.contract.ForeignKeySpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.quarantine.RejectedRecord;
import io.strata.transforms.quarantine.WriteQuarantine;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Bronze to silver for one table, as one composite: read the pending bronze records, type and
 * validate them, check their foreign keys, split the valid from the rejected, keep the latest valid
 * row per key, then write the winners to silver and the rejected records, with every reason, to
 * quarantine. Nothing leaves it unaccounted for: every record read ends in {@link Result#silver()},
 * {@link Result#quarantined()} or {@link Result#superseded()}.
 *
 * <p>Where bronze is read from, where parent keys come from and where both sides are written are
 * given to it: {@link #inWarehouse} wires the warehouse's, a test wires {@code Create} and {@code
 * PAssert}.
 */
public final class BronzeToSilver extends PTransform<PBegin, BronzeToSilver.Result> {
  /** Where the parent keys of a foreign key come from: {@code KV<key, earliest as-of date>}. */
  @FunctionalInterface
  public interface ParentKeys {
    PTransform<PBegin, PCollection<KV<String, String>>> of(ForeignKeySpec fk);
  }

  private final TableContract contract;
  private final PTransform<PBegin, PCollection<BronzeRecord>> pendingBronze;
  private final ParentKeys parentKeys;
  private final PTransform<PCollection<SilverCandidate>, ? extends POutput> silverSink;
  private final PTransform<PCollection<RejectedRecord>, ? extends POutput> quarantineSink;

  private BronzeToSilver(
      TableContract contract,
      PTransform<PBegin, PCollection<BronzeRecord>> pendingBronze,
      ParentKeys parentKeys,
      PTransform<PCollection<SilverCandidate>, ? extends POutput> silverSink,
      PTransform<PCollection<RejectedRecord>, ? extends POutput> quarantineSink) {
    this.contract = contract;
    this.pendingBronze = pendingBronze;
    this.parentKeys = parentKeys;
    this.silverSink = silverSink;
    this.quarantineSink = quarantineSink;
  }

  /** The table's steps, with nothing wired yet: give each {@code with*} before applying it. */
  public static BronzeToSilver of(TableContract contract) {
    return new BronzeToSilver(contract, null, null, null, null);
  }

  /**
   * The warehouse's wiring: the bronze rows {@code pendingBronze} selects, parent keys from silver,
   * upserts into {@code silver.<table>} and {@code quarantine.rejected_rows}, {@code batchSize}
   * rows per COPY.
   */
  public static BronzeToSilver inWarehouse(
      Warehouse warehouse,
      TableContract contract,
      ReadBronze pendingBronze,
      String runId,
      int batchSize) {
    return of(contract)
        .withPendingBronze(pendingBronze)
        .withParentKeys(fk -> ReadParentKeys.of(warehouse, fk))
        .withSilverSink(WriteSilver.to(warehouse, contract, runId, batchSize))
        .withQuarantineSink(WriteQuarantine.to(warehouse, contract, runId, batchSize));
  }

  public BronzeToSilver withPendingBronze(PTransform<PBegin, PCollection<BronzeRecord>> read) {
    return new BronzeToSilver(contract, read, parentKeys, silverSink, quarantineSink);
  }

  public BronzeToSilver withParentKeys(ParentKeys lookup) {
    return new BronzeToSilver(contract, pendingBronze, lookup, silverSink, quarantineSink);
  }

  public BronzeToSilver withSilverSink(
      PTransform<PCollection<SilverCandidate>, ? extends POutput> sink) {
    return new BronzeToSilver(contract, pendingBronze, parentKeys, sink, quarantineSink);
  }

  public BronzeToSilver withQuarantineSink(
      PTransform<PCollection<RejectedRecord>, ? extends POutput> sink) {
    return new BronzeToSilver(contract, pendingBronze, parentKeys, silverSink, sink);
  }

  @Override
  public Result expand(PBegin input) {
    String t = contract.table();
    require(pendingBronze != null, t, "withPendingBronze");
    require(silverSink != null, t, "withSilverSink");
    require(quarantineSink != null, t, "withQuarantineSink");
    require(parentKeys != null || contract.foreignKeysOrEmpty().isEmpty(), t, "withParentKeys");
    Map<ForeignKeySpec, PCollection<KV<String, String>>> parents = new LinkedHashMap<>();
    for (ForeignKeySpec fk : contract.foreignKeysOrEmpty()) {
      parents.put(fk, input.apply("Parent keys " + fk.reasonCode(), parentKeys.of(fk)));
    }
    PCollectionTuple split =
        input
            .apply("Read pending bronze", pendingBronze)
            .apply("Validate", ValidateRecords.against(contract))
            .apply("Check foreign keys", CheckForeignKeys.against(parents))
            .apply("Split valid and rejected", SplitByValidity.forTable(t));
    PCollectionTuple deduplicated =
        split.get(SplitByValidity.VALID).apply("Deduplicate", DeduplicateByKey.of(contract));
    PCollection<SilverCandidate> winners = deduplicated.get(DeduplicateByKey.WINNERS);
    PCollection<RejectedRecord> rejected =
        split
            .get(SplitByValidity.REJECTED)
            .apply(
                "As rejected records",
                MapElements.into(TypeDescriptor.of(RejectedRecord.class))
                    .via(SilverCandidate::rejection));
    winners.apply("Write silver", silverSink);
    rejected.apply("Write quarantine", quarantineSink);
    return new Result(
        input.getPipeline(), winners, rejected, deduplicated.get(DeduplicateByKey.SUPERSEDED));
  }

  private static void require(boolean given, String table, String wither) {
    if (!given) {
      throw new IllegalStateException(table + ": BronzeToSilver needs " + wither + "(...)");
    }
  }

  /**
   * The three sides every record read ends on; each has also gone to its sink (superseded: none).
   */
  public static final class Result implements POutput {
    private static final TupleTag<SilverCandidate> SILVER = new TupleTag<>("silver");
    private static final TupleTag<RejectedRecord> QUARANTINED = new TupleTag<>("quarantined");
    private static final TupleTag<SilverCandidate> SUPERSEDED = new TupleTag<>("superseded");

    private final Pipeline pipeline;
    private final PCollection<SilverCandidate> silver;
    private final PCollection<RejectedRecord> quarantined;
    private final PCollection<SilverCandidate> superseded;

    private Result(
        Pipeline pipeline,
        PCollection<SilverCandidate> silver,
        PCollection<RejectedRecord> quarantined,
        PCollection<SilverCandidate> superseded) {
      this.pipeline = pipeline;
      this.silver = silver;
      this.quarantined = quarantined;
      this.superseded = superseded;
    }

    /** The latest valid row of each key, as written to silver. */
    public PCollection<SilverCandidate> silver() {
      return silver;
    }

    /** The rejected records, with every reason, as written to quarantine. */
    public PCollection<RejectedRecord> quarantined() {
      return quarantined;
    }

    /** The valid rows that lost de-duplication to a newer row of their key. */
    public PCollection<SilverCandidate> superseded() {
      return superseded;
    }

    @Override
    public Pipeline getPipeline() {
      return pipeline;
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      Map<TupleTag<?>, PValue> out = new LinkedHashMap<>();
      out.put(SILVER, silver);
      out.put(QUARANTINED, quarantined);
      out.put(SUPERSEDED, superseded);
      return out;
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
