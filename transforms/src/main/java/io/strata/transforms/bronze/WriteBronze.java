package io.strata.transforms.bronze;

import io.strata.transforms.contract.Identifiers;
import io.strata.transforms.jdbc.Batch;
import io.strata.transforms.jdbc.ConnectionSource;
import io.strata.transforms.jdbc.PgCopy;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.jdbc.WarehouseFn;
import io.strata.transforms.ledger.CountFn;
import io.strata.transforms.ledger.LedgerCounters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Appends raw records to {@code bronze.<table>}: each batch is COPYed into a temporary table and
 * merged with one {@code INSERT ... ON CONFLICT (source, position) DO NOTHING} in the same
 * transaction, so re-reading the same input, or retrying a batch, adds nothing. Counts what was
 * read, what was new and what was already there.
 *
 * <p>{@link #to} batches a bounded input into large groups first, which is what makes COPY pay off.
 * {@link #perBundle} is for an unbounded input on a runner that checkpoints: each bundle is written
 * when it finishes, and the FlinkRunner finishes bundles before every checkpoint barrier, so a
 * completed checkpoint (and the Kafka offsets it commits) never runs ahead of bronze. Each of its
 * commits is also logged, in the same transaction, in {@code ops.bronze_commits} under the
 * stream's id: the exact counts a streaming window's ledger entry claims.
 */
public final class WriteBronze extends PTransform<PCollection<BronzeRecord>, PDone> {
  private static final List<String> STAGE_COLUMNS =
      List.of("source", "position", "payload", "record", "reject_code", "reject_message");

  private final Warehouse warehouse;
  private final String table;
  private final String runId;
  private final int batchSize;
  private final boolean perBundle;

  private WriteBronze(Warehouse warehouse, String table, String runId, int batchSize, boolean perBundle) {
    this.warehouse = warehouse;
    this.table = Identifiers.check(table, "bronze table");
    this.runId = runId;
    this.batchSize = batchSize;
    this.perBundle = perBundle;
  }

  /** Batches of up to {@code batchSize} rows, for a bounded input. */
  public static WriteBronze to(Warehouse warehouse, String table, String runId, int batchSize) {
    return new WriteBronze(warehouse, table, runId, batchSize, false);
  }

  /**
   * One write per bundle (at most {@code batchSize} rows each), logged in {@code ops.bronze_commits}
   * under {@code streamId}, which is also the rows' run id.
   */
  public static WriteBronze perBundle(Warehouse warehouse, String table, String streamId, int batchSize) {
    return new WriteBronze(warehouse, table, streamId, batchSize, true);
  }

  @Override
  public PDone expand(PCollection<BronzeRecord> input) {
    PCollection<BronzeRecord> counted = input.apply("Count read", ParDo.of(new CountFn<>(table, LedgerCounters.ROWS_READ)));
    if (perBundle) {
      counted.apply("COPY and merge each bundle", ParDo.of(new WriteBundleFn(warehouse, table, runId, batchSize)));
    } else {
      counted
          .apply("Batch", Batch.of(batchSize, 4, (BronzeRecord r) -> r.source.hashCode() * 31 + Long.hashCode(r.position)))
          .apply("COPY and merge", ParDo.of(new WriteBatchFn(warehouse, table, runId)));
    }
    return PDone.in(input.getPipeline());
  }

  /** COPY, merge and (for a stream) the commit log row, in one transaction; returns the rows that were new. */
  private static int write(ConnectionSource warehouse, String table, String runId, List<BronzeRecord> batch, boolean logCommit)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>(batch.size());
    for (BronzeRecord r : batch) {
      rows.add(new Object[] {r.source, r.position, r.payload, r.record, r.rejectCode, r.rejectMessage});
    }
    try (Connection c = warehouse.connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TEMP TABLE stage_bronze (source text, position bigint, payload text, record jsonb,"
                + " reject_code text, reject_message text) ON COMMIT DROP");
      }
      PgCopy.copy(c, "stage_bronze", STAGE_COLUMNS, rows);
      int inserted;
      try (PreparedStatement merge =
          c.prepareStatement(
              "INSERT INTO bronze." + table + " (source, position, payload, record, reject_code, reject_message, run_id)"
                  + " SELECT source, position, payload, record, reject_code, reject_message, ? FROM stage_bronze"
                  + " ORDER BY source, position ON CONFLICT (source, position) DO NOTHING")) {
        merge.setString(1, runId);
        inserted = merge.executeUpdate();
      }
      if (logCommit) {
        try (PreparedStatement log =
            c.prepareStatement(
                "INSERT INTO ops.bronze_commits (stream_id, table_name, rows_read, bronze_new, bronze_already_present)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
          log.setString(1, runId);
          log.setString(2, table);
          log.setLong(3, rows.size());
          log.setLong(4, inserted);
          log.setLong(5, rows.size() - inserted);
          log.executeUpdate();
        }
      }
      c.commit();
      return inserted;
    }
  }

  private static final class WriteBatchFn extends WarehouseFn<Iterable<BronzeRecord>, Void> {
    private final String table;
    private final String runId;
    private final Counter added;
    private final Counter present;

    WriteBatchFn(Warehouse warehouse, String table, String runId) {
      super(warehouse);
      this.table = table;
      this.runId = runId;
      this.added = LedgerCounters.counter(table, LedgerCounters.BRONZE_NEW);
      this.present = LedgerCounters.counter(table, LedgerCounters.BRONZE_ALREADY_PRESENT);
    }

    @ProcessElement
    public void process(@Element Iterable<BronzeRecord> batch) throws SQLException {
      List<BronzeRecord> rows = new ArrayList<>();
      batch.forEach(rows::add);
      int inserted = write(connections(), table, runId, rows, false);
      added.inc(inserted);
      present.inc(rows.size() - inserted);
    }
  }

  /** Holds only the bundle in progress: nothing outlives {@link FinishBundle}. */
  private static final class WriteBundleFn extends WarehouseFn<BronzeRecord, Void> {
    private final String table;
    private final String streamId;
    private final int batchSize;
    private final Counter added;
    private final Counter present;
    private transient List<BronzeRecord> pending;

    WriteBundleFn(Warehouse warehouse, String table, String streamId, int batchSize) {
      super(warehouse);
      this.table = table;
      this.streamId = streamId;
      this.batchSize = batchSize;
      this.added = LedgerCounters.counter(table, LedgerCounters.BRONZE_NEW);
      this.present = LedgerCounters.counter(table, LedgerCounters.BRONZE_ALREADY_PRESENT);
    }

    @StartBundle
    public void startBundle() {
      pending = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element BronzeRecord record) throws SQLException {
      pending.add(record);
      if (pending.size() >= batchSize) {
        flush();
      }
    }

    @FinishBundle
    public void finishBundle() throws SQLException {
      flush();
    }

    private void flush() throws SQLException {
      if (pending.isEmpty()) {
        return;
      }
      int inserted = write(connections(), table, streamId, pending, true);
      added.inc(inserted);
      present.inc(pending.size() - inserted);
      pending = new ArrayList<>();
    }
  }
}
