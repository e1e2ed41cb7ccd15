package io.strata.transforms.silver;

import io.strata.transforms.bronze.PendingBronze;
import io.strata.transforms.bronze.PendingBronze.Slice;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.LostConnection;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.jdbc.WarehouseFn;
import io.strata.transforms.job.Spread;
import io.strata.transforms.metrics.Count;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PDone;

/**
 * The Beam half of bronze to silver for one table: the pending bronze rows, slice by slice, typed
 * and validated against the contract ({@link RecordValidator}), every candidate, valid or carrying
 * its reasons, COPYed into the {@link StagingTable}. The other half is set-based and runs in
 * PostgreSQL once this job ended DONE ({@link MergeCandidates}): foreign keys, de-duplication, the
 * silver upsert and quarantine. Java does what is per record (parsing, typing, rules); the database
 * does what is per set (joins, grouping, keyed upserts).
 *
 * <p>Slices are the unit of work, spread over the runner's workers. A slice's rows go from a cursor
 * through validation into COPY batches inside one DoFn call and never become a PCollection: the
 * DirectRunner holds a step's whole output in memory before the next step runs, and encodes every
 * element that crosses a step, which made memory grow with the input and cost most of silver's
 * time.
 */
public final class BronzeToSilver extends PTransform<PBegin, PDone> {
  private final Warehouse warehouse;
  private final TableContract contract;
  private final PendingBronze pending;
  private final int slices;
  private final int batchSize;

  private BronzeToSilver(
      Warehouse warehouse,
      TableContract contract,
      PendingBronze pending,
      int slices,
      int batchSize) {
    this.warehouse = warehouse;
    this.contract = contract;
    this.pending = pending;
    this.slices = slices;
    this.batchSize = batchSize;
  }

  /**
   * Stages what {@code pending} selects in {@code slices} slices (and the replay slice), {@code
   * batchSize} candidates per COPY.
   */
  public static BronzeToSilver stage(
      Warehouse warehouse,
      TableContract contract,
      PendingBronze pending,
      int slices,
      int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1");
    }
    return new BronzeToSilver(warehouse, contract, pending, slices, batchSize);
  }

  @Override
  public PDone expand(PBegin input) {
    input
        .apply(
            "Slices",
            Create.of(pending.slices(slices)).withCoder(SerializableCoder.of(Slice.class)))
        .apply("Spread", Spread.overWorkers())
        .apply(
            "Read, validate and stage",
            ParDo.of(new StageSliceFn(warehouse, contract, pending, batchSize)));
    return PDone.in(input.getPipeline());
  }

  private static final class StageSliceFn extends WarehouseFn<Slice, Void> {
    private final TableContract contract;
    private final PendingBronze pending;
    private final RecordValidator validator;
    private final int batchSize;
    private final Counter input;

    StageSliceFn(
        Warehouse warehouse, TableContract contract, PendingBronze pending, int batchSize) {
      super(warehouse);
      this.contract = contract;
      this.pending = pending;
      this.validator = new RecordValidator(contract);
      this.batchSize = batchSize;
      this.input = Count.SILVER_INPUT.counter(contract.table());
    }

    @ProcessElement
    public void process(@Element Slice slice) throws SQLException {
      try {
        stage(slice);
      } catch (SQLException e) {
        throw LostConnection.naming(e, StagingTable.name(contract));
      }
    }

    private void stage(Slice slice) throws SQLException {
      // A cursor on one connection while COPY batches go through the other: PostgreSQL reads the
      // next rows while Java validates these.
      try (ConnectionPair connections = connectPair()) {
        Connection read = connections.first();
        Connection write = connections.second();
        read.setAutoCommit(false); // a cursor needs a transaction
        List<SilverCandidate> batch = new ArrayList<>(batchSize);
        pending.read(
            read,
            slice,
            record -> {
              input.inc();
              batch.addAll(validator.validate(record));
              if (batch.size() >= batchSize) {
                StagingTable.copy(write, contract, batch);
                batch.clear();
              }
            });
        if (!batch.isEmpty()) {
          StagingTable.copy(write, contract, batch);
        }
        read.commit();
      }
    }
  }
}
