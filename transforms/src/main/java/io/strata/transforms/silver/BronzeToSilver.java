package io.strata.transforms.silver;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.bronze.ReadBronze;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Warehouse;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.POutput;

/**
 * The Beam half of bronze to silver for one table: read the pending bronze records, type and
 * validate each against the contract, and hand every candidate, valid or carrying its reasons, to
 * the candidate sink. The other half is set-based and runs in PostgreSQL once this job ended DONE
 * ({@link MergeCandidates}): foreign keys, de-duplication, the silver upsert and quarantine. Java
 * does what is per record (parsing, typing, rules); the database does what is per set (joins,
 * grouping, keyed upserts), without a shuffle or a side input.
 *
 * <p>Where bronze is read from and where candidates go are given to it: {@link #inWarehouse} wires
 * the warehouse's, a test wires {@code Create} and {@code PAssert}.
 */
public final class BronzeToSilver extends PTransform<PBegin, PCollection<SilverCandidate>> {
  private final TableContract contract;
  private final PTransform<PBegin, PCollection<BronzeRecord>> pendingBronze;
  private final PTransform<PCollection<SilverCandidate>, ? extends POutput> candidateSink;

  private BronzeToSilver(
      TableContract contract,
      PTransform<PBegin, PCollection<BronzeRecord>> pendingBronze,
      PTransform<PCollection<SilverCandidate>, ? extends POutput> candidateSink) {
    this.contract = contract;
    this.pendingBronze = pendingBronze;
    this.candidateSink = candidateSink;
  }

  /** The table's steps, with nothing wired yet: give each {@code with*} before applying it. */
  public static BronzeToSilver of(TableContract contract) {
    return new BronzeToSilver(contract, null, null);
  }

  /**
   * The warehouse's wiring: the bronze rows {@code pendingBronze} selects, candidates COPYed into
   * {@link StageCandidates#table}, {@code batchSize} rows per COPY.
   */
  public static BronzeToSilver inWarehouse(
      Warehouse warehouse, TableContract contract, ReadBronze pendingBronze, int batchSize) {
    return of(contract)
        .withPendingBronze(pendingBronze)
        .withCandidateSink(StageCandidates.to(warehouse, contract, batchSize));
  }

  public BronzeToSilver withPendingBronze(PTransform<PBegin, PCollection<BronzeRecord>> read) {
    return new BronzeToSilver(contract, read, candidateSink);
  }

  public BronzeToSilver withCandidateSink(
      PTransform<PCollection<SilverCandidate>, ? extends POutput> sink) {
    return new BronzeToSilver(contract, pendingBronze, sink);
  }

  /** Every candidate, as it went to the sink. */
  @Override
  public PCollection<SilverCandidate> expand(PBegin input) {
    String t = contract.table();
    require(pendingBronze != null, t, "withPendingBronze");
    require(candidateSink != null, t, "withCandidateSink");
    PCollection<SilverCandidate> candidates =
        input
            .apply("Read pending bronze", pendingBronze)
            .apply("Validate", ValidateRecords.against(contract));
    candidates.apply("Stage candidates", candidateSink);
    return candidates;
  }

  private static void require(boolean given, String table, String wither) {
    if (!given) {
      throw new IllegalStateException(table + ": BronzeToSilver needs " + wither + "(...)");
    }
  }
}
