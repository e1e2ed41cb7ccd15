package io.strata.transforms.bronze;

import io.strata.transforms.contract.Identifiers;
import io.strata.transforms.jdbc.BatchPerBundleFn;
import io.strata.transforms.jdbc.ConnectionSource;
import io.strata.transforms.jdbc.PgCopy;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.metrics.Count;
import io.strata.transforms.metrics.CountFn;
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
 * Appends raw records to {@code bronze.<table>}, one transaction per bundle (at most {@code
 * batchSize} rows each), idempotently: re-reading the same input, or retrying a bundle, adds
 * nothing. Counts what was read, what was new and what was already there.
 *
 * <p>A write first tries a plain COPY into the table, the fast path for input bronze has not seen
 * (a first load, new files, new offsets). When any row's lineage is already there the unique key
 * aborts that COPY, and the batch is written again the safe way: COPY into a temporary table and
 * one {@code INSERT ... ON CONFLICT (source, position) DO NOTHING}, in one transaction.
 *
 * <p>No GroupByKey comes first: a file source emits a whole file per bundle, which is batch enough
 * for COPY, and nothing has to hold the whole input. {@link #forStream} is for an unbounded input
 * on a runner that checkpoints: the FlinkRunner finishes bundles before every checkpoint barrier,
 * so a completed checkpoint (and the Kafka offsets it commits) never runs ahead of bronze. Each of
 * its commits is also logged, in the same transaction, in {@code ops.bronze_commits} under the
 * stream's id: the exact counts a streaming window's ledger entry claims.
 */
public final class WriteBronze extends PTransform<PCollection<BronzeRecord>, PDone> {
  private static final List<String> TABLE_COLUMNS =
      List.of("source", "position", "payload", "record", "reject_code", "reject_message", "run_id");
  private static final String UNIQUE_VIOLATION = "23505";

  private final Warehouse warehouse;
  private final String table;
  private final String runId;
  private final int batchSize;
  private final boolean logCommits;

  private WriteBronze(
      Warehouse warehouse, String table, String runId, int batchSize, boolean logCommits) {
    this.warehouse = warehouse;
    this.table = Identifiers.check(table, "bronze table");
    this.runId = runId;
    this.batchSize = batchSize;
    this.logCommits = logCommits;
  }

  /** For a bounded input: the run's counters carry the counts. */
  public static WriteBronze to(Warehouse warehouse, String table, String runId, int batchSize) {
    return new WriteBronze(warehouse, table, runId, batchSize, false);
  }

  /**
   * For an unbounded input: every commit is logged in {@code ops.bronze_commits} under {@code
   * streamId}, which is also the rows' run id.
   */
  public static WriteBronze forStream(
      Warehouse warehouse, String table, String streamId, int batchSize) {
    return new WriteBronze(warehouse, table, streamId, batchSize, true);
  }

  @Override
  public PDone expand(PCollection<BronzeRecord> input) {
    input
        .apply("Count read", ParDo.of(new CountFn<>(table, Count.ROWS_READ)))
        .apply(
            "COPY each bundle",
            ParDo.of(new WriteBundleFn(warehouse, table, runId, batchSize, logCommits)));
    return PDone.in(input.getPipeline());
  }

  /**
   * Writes one batch in one transaction (with its commit log row when asked); returns the rows that
   * were new.
   */
  private static int write(
      ConnectionSource warehouse,
      String table,
      String runId,
      List<BronzeRecord> batch,
      boolean logCommit)
      throws SQLException {
    List<Object[]> rows = rows(batch, runId);
    try (Connection c = warehouse.connect()) {
      c.setAutoCommit(false);
      try {
        PgCopy.copy(c, "bronze." + table, TABLE_COLUMNS, rows);
        logCommit(c, table, runId, batch.size(), batch.size(), logCommit);
        c.commit();
        return batch.size();
      } catch (SQLException e) {
        c.rollback();
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
      }
      int inserted = merge(c, table, rows);
      logCommit(c, table, runId, batch.size(), inserted, logCommit);
      c.commit();
      return inserted;
    }
  }

  private static List<Object[]> rows(List<BronzeRecord> batch, String runId) {
    List<Object[]> rows = new ArrayList<>(batch.size());
    for (BronzeRecord r : batch) {
      rows.add(
          new Object[] {
            r.source, r.position, r.payload, r.record, r.rejectCode, r.rejectMessage, runId
          });
    }
    return rows;
  }

  /** COPY into a temporary table, then add only the rows whose lineage is new. */
  private static int merge(Connection c, String table, List<Object[]> rows) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE stage_bronze (source text, position bigint, payload text, record jsonb,"
              + " reject_code text, reject_message text, run_id text) ON COMMIT DROP");
    }
    PgCopy.copy(c, "stage_bronze", TABLE_COLUMNS, rows);
    try (Statement merge = c.createStatement()) {
      return merge.executeUpdate(
          "INSERT INTO bronze."
              + table
              + " ("
              + String.join(", ", TABLE_COLUMNS)
              + ")"
              + " SELECT "
              + String.join(", ", TABLE_COLUMNS)
              + " FROM stage_bronze"
              + " ORDER BY source, position ON CONFLICT (source, position) DO NOTHING");
    }
  }

  private static void logCommit(
      Connection c, String table, String streamId, int read, int inserted, boolean logCommit)
      throws SQLException {
    if (!logCommit) {
      return;
    }
    try (PreparedStatement log =
        c.prepareStatement(
            "INSERT INTO ops.bronze_commits (stream_id, table_name, rows_read, bronze_new, bronze_already_present)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      log.setString(1, streamId);
      log.setString(2, table);
      log.setLong(3, read);
      log.setLong(4, inserted);
      log.setLong(5, read - (long) inserted);
      log.executeUpdate();
    }
  }

  private static final class WriteBundleFn extends BatchPerBundleFn<BronzeRecord> {
    private final String table;
    private final String runId;
    private final boolean logCommits;
    private final Counter added;
    private final Counter present;

    WriteBundleFn(
        Warehouse warehouse, String table, String runId, int batchSize, boolean logCommits) {
      super(warehouse, batchSize);
      this.table = table;
      this.runId = runId;
      this.logCommits = logCommits;
      this.added = Count.BRONZE_NEW.counter(table);
      this.present = Count.BRONZE_ALREADY_PRESENT.counter(table);
    }

    @Override
    protected void write(List<BronzeRecord> batch) throws SQLException {
      int inserted = WriteBronze.write(connections(), table, runId, batch, logCommits);
      added.inc(inserted);
      present.inc(batch.size() - inserted);
    }
  }
}
