package io.strata.pipelines.stages;

import io.strata.pipelines.ledger.Figure;
import io.strata.pipelines.ledger.TableCounts;
import io.strata.pipelines.runner.RunnerParallelism;
import io.strata.transforms.bronze.PendingBronze;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.job.StageJob;
import io.strata.transforms.silver.BronzeToSilver;
import io.strata.transforms.silver.MergeCandidates;
import io.strata.transforms.silver.MergeCandidates.Merged;
import io.strata.transforms.silver.StagingTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Bronze to silver for one table, in two halves. A Beam job reads the bronze rows added since
 * silver's watermark (and the quarantined ones waiting for a parent), types and validates them and
 * stages every candidate ({@link BronzeToSilver}). Once that job ended DONE, one transaction
 * decides them set by set ({@link MergeCandidates}: foreign keys, de-duplication, silver,
 * quarantine), marks replayed quarantine rows resolved, moves the watermark and drops the staging
 * table. A crash or a failed job before that commit leaves silver, quarantine and the watermark as
 * they were, and the next run stages the same rows again. Tables run parents first.
 */
public final class SilverStage {
  private static final long ROWS_PER_SLICE = 100_000;

  private SilverStage() {}

  public static TableCounts run(StageContext ctx, TableContract contract) throws SQLException {
    Warehouse w = ctx.warehouse();
    String t = contract.table();
    long after = watermark(w, t);
    long upTo = bronzeBound(w, t);
    long selected = countPending(w, t, after, upTo);
    try (Connection c = w.connect()) {
      StagingTable.recreate(c, contract);
    }

    PipelineOptions options = ctx.pipelineOptions();
    Pipeline p = Pipeline.create(options);
    PendingBronze pending = PendingBronze.of(t, after, upTo);
    p.apply(
        t + ": bronze to silver",
        BronzeToSilver.stage(w, contract, pending, slices(selected, options), ctx.batchSize()));
    StageJob job = StageJob.run(p, "silver " + t);
    TableCounts counted = TableCounts.of(t).with(Figure.SILVER_SELECTED, selected).countedBy(job);

    long started = System.nanoTime();
    try (Connection c = w.connect()) {
      c.setAutoCommit(false);
      try {
        Merged merged =
            MergeCandidates.of(contract).merge(c, ctx.runId(), counted.get(Figure.SILVER_INPUT));
        long resolved = resolveReplayed(c, t, ctx.runId(), after, upTo);
        setWatermark(c, t, upTo);
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE " + StagingTable.name(contract));
        }
        c.commit();
        double seconds = job.seconds() + (System.nanoTime() - started) / 1e9;
        return counted
            .with(Figure.SILVER_PROCESSED, merged.processed())
            .with(Figure.SILVER_UPSERTED, merged.upserted())
            .with(Figure.QUARANTINED, merged.quarantined())
            .with(Figure.SUPERSEDED, merged.superseded())
            .with(Figure.RESOLVED, resolved)
            .withSilverSeconds(seconds);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Enough slices to keep every worker busy, and small enough that a retried slice costs little.
   */
  private static int slices(long rows, PipelineOptions options) {
    return (int)
        Math.max(RunnerParallelism.of(options), Math.min(1_000, rows / ROWS_PER_SLICE + 1));
  }

  private static long watermark(Warehouse w, String table) throws SQLException {
    return queryLong(
        w,
        "SELECT coalesce(max(last_bronze_id), 0) FROM ops.silver_watermarks WHERE table_name = ?",
        table);
  }

  /**
   * The highest bronze id, once every bronze write still in flight has committed. A writer holds
   * ROW EXCLUSIVE from before it draws ids until it commits, and SHARE waits for it: without that,
   * a continuous writer's lower id committing after a higher one would fall under the watermark
   * unread.
   */
  static long bronzeBound(Warehouse w, String table) throws SQLException {
    try (Connection c = w.connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL lock_timeout = '120s'");
        s.execute("LOCK TABLE bronze." + table + " IN SHARE MODE");
        try (ResultSet rs =
            s.executeQuery("SELECT coalesce(max(bronze_id), 0) FROM bronze." + table)) {
          rs.next();
          long max = rs.getLong(1);
          c.commit();
          return max;
        }
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static long countPending(Warehouse w, String t, long after, long upTo)
      throws SQLException {
    return queryLong(
        w,
        "SELECT (SELECT count(*) "
            + PendingBronze.newRowsWhere(t)
            + ") + (SELECT count(*) "
            + PendingBronze.replayWhere(t)
            + ")",
        after,
        upTo,
        t,
        after,
        upTo);
  }

  /**
   * A quarantined row of this table that this run processed again and did not reject again has been
   * fixed (its parent arrived): mark it resolved.
   */
  private static long resolveReplayed(Connection c, String t, String runId, long after, long upTo)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE quarantine.rejected_rows q SET resolved_run_id = ?, resolved_at = now()"
                + " WHERE q.table_name = ? AND q.resolved_run_id IS NULL AND q.run_id <> ? AND (q.replayable OR EXISTS"
                + " (SELECT 1 FROM bronze."
                + t
                + " b WHERE b.source = q.source AND b.position = q.position"
                + " AND b.bronze_id > ? AND b.bronze_id <= ?))")) {
      s.setString(1, runId);
      s.setString(2, t);
      s.setString(3, runId);
      s.setLong(4, after);
      s.setLong(5, upTo);
      return s.executeUpdate();
    }
  }

  private static void setWatermark(Connection c, String t, long upTo) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO ops.silver_watermarks (table_name, last_bronze_id) VALUES (?, ?)"
                + " ON CONFLICT (table_name) DO UPDATE SET last_bronze_id = EXCLUDED.last_bronze_id")) {
      s.setString(1, t);
      s.setLong(2, upTo);
      s.executeUpdate();
    }
  }

  static long queryLong(Warehouse w, String sql, Object... params) throws SQLException {
    try (Connection c = w.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
