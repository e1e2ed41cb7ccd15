package io.strata.pipelines.stages;

import io.strata.pipelines.ledger.Figure;
import io.strata.pipelines.ledger.TableCounts;
import io.strata.pipelines.runner.RunnerParallelism;
import io.strata.transforms.bronze.ReadBronze;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.job.StageJob;
import io.strata.transforms.silver.BronzeToSilver;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Bronze to silver for one table: the bronze rows added since silver's watermark (and the
 * quarantined ones waiting for a parent) through {@link BronzeToSilver}, in one job. Tables run
 * parents first. Silver's watermark moves only after that job ended DONE, so a crash or a failed
 * job means the next run processes the same rows again, and idempotent writes make that harmless.
 */
public final class SilverStage {
  private SilverStage() {}

  public static TableCounts run(StageContext ctx, TableContract contract) throws SQLException {
    Warehouse w = ctx.warehouse();
    String t = contract.table();
    long after = watermark(w, t);
    long upTo = bronzeBound(w, t);
    long selected = countPending(w, t, after, upTo);

    PipelineOptions options = ctx.pipelineOptions();
    Pipeline p = Pipeline.create(options);
    ReadBronze pending = ReadBronze.pending(w, t, after, upTo, RunnerParallelism.of(options));
    p.apply(
        t + ": bronze to silver",
        BronzeToSilver.inWarehouse(w, contract, pending, ctx.runId(), ctx.batchSize()));
    StageJob job = StageJob.run(p, "silver " + t);
    long resolved = resolveReplayed(w, t, ctx.runId(), after, upTo);
    setWatermark(w, t, upTo);
    return TableCounts.of(t)
        .with(Figure.SILVER_SELECTED, selected)
        .countedBy(job)
        .with(Figure.RESOLVED, resolved)
        .withSilverSeconds(job.seconds());
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
            + ReadBronze.newRowsWhere(t)
            + ") + (SELECT count(*) "
            + ReadBronze.replayWhere(t)
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
  private static long resolveReplayed(Warehouse w, String t, String runId, long after, long upTo)
      throws SQLException {
    try (Connection c = w.connect();
        PreparedStatement s =
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

  private static void setWatermark(Warehouse w, String t, long upTo) throws SQLException {
    try (Connection c = w.connect();
        PreparedStatement s =
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
