package io.strata.transforms.bronze;

import io.strata.transforms.contract.Identifiers;
import io.strata.transforms.jdbc.Batch;
import io.strata.transforms.jdbc.PgCopy;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.ledger.CountFn;
import io.strata.transforms.ledger.LedgerCounters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Appends raw records to {@code bronze.<table>}: each batch is COPYed into a temporary table and
 * merged with one {@code INSERT ... ON CONFLICT (source, position) DO NOTHING} in the same
 * transaction, so re-reading the same input, or retrying a batch, adds nothing. Counts what was
 * read, what was new and what was already there.
 */
public final class WriteBronze extends PTransform<PCollection<BronzeRecord>, PDone> {
  private static final List<String> STAGE_COLUMNS =
      List.of("source", "position", "payload", "record", "reject_code", "reject_message");

  private final Warehouse warehouse;
  private final String table;
  private final String runId;
  private final int batchSize;

  private WriteBronze(Warehouse warehouse, String table, String runId, int batchSize) {
    this.warehouse = warehouse;
    this.table = Identifiers.check(table, "bronze table");
    this.runId = runId;
    this.batchSize = batchSize;
  }

  public static WriteBronze to(Warehouse warehouse, String table, String runId, int batchSize) {
    return new WriteBronze(warehouse, table, runId, batchSize);
  }

  @Override
  public PDone expand(PCollection<BronzeRecord> input) {
    input
        .apply("Count read", ParDo.of(new CountFn<>(table, LedgerCounters.ROWS_READ)))
        .apply("Batch", Batch.of(batchSize, 4, (BronzeRecord r) -> r.source.hashCode() * 31 + Long.hashCode(r.position)))
        .apply("COPY and merge", ParDo.of(new WriteBatchFn(warehouse, table, runId)));
    return PDone.in(input.getPipeline());
  }

  private static final class WriteBatchFn extends DoFn<Iterable<BronzeRecord>, Void> {
    private final Warehouse warehouse;
    private final String table;
    private final String runId;
    private final Counter added;
    private final Counter present;

    WriteBatchFn(Warehouse warehouse, String table, String runId) {
      this.warehouse = warehouse;
      this.table = table;
      this.runId = runId;
      this.added = LedgerCounters.counter(table, LedgerCounters.BRONZE_NEW);
      this.present = LedgerCounters.counter(table, LedgerCounters.BRONZE_ALREADY_PRESENT);
    }

    @ProcessElement
    public void process(@Element Iterable<BronzeRecord> batch) throws SQLException {
      List<Object[]> rows = new ArrayList<>();
      for (BronzeRecord r : batch) {
        rows.add(new Object[] {r.source, r.position, r.payload, r.record, r.rejectCode, r.rejectMessage});
      }
      int inserted;
      try (Connection c = warehouse.connect()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute(
              "CREATE TEMP TABLE stage_bronze (source text, position bigint, payload text, record jsonb,"
                  + " reject_code text, reject_message text) ON COMMIT DROP");
        }
        PgCopy.copy(c, "stage_bronze", STAGE_COLUMNS, rows);
        try (PreparedStatement merge =
            c.prepareStatement(
                "INSERT INTO bronze." + table + " (source, position, payload, record, reject_code, reject_message, run_id)"
                    + " SELECT source, position, payload, record, reject_code, reject_message, ? FROM stage_bronze"
                    + " ORDER BY source, position ON CONFLICT (source, position) DO NOTHING")) {
          merge.setString(1, runId);
          inserted = merge.executeUpdate();
        }
        c.commit();
      }
      added.inc(inserted);
      present.inc(rows.size() - inserted);
    }
  }
}
