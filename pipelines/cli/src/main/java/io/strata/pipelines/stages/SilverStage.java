package io.strata.pipelines.stages;

import io.strata.pipelines.ledger.Figure;
import io.strata.pipelines.ledger.TableCounts;
import io.strata.pipelines.runner.RunnerParallelism;
import io.strata.transforms.bronze.PendingBronze;
import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.LostConnection;
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
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Bronze to silver, in two halves. One Beam job reads, for every table, the bronze rows added since
 * its silver watermark (and the quarantined ones waiting for a parent), types and validates them
 * and stages every candidate ({@link BronzeToSilver}); staging needs nothing from another table, so
 * all tables share the job and its start-up. Once that job ended DONE, each table, parents first,
 * is decided in one transaction ({@link MergeCandidates}: foreign keys against silver as it now is,
 * de-duplication, silver, quarantine), which also marks replayed quarantine rows resolved, moves
 * the table's watermark and drops its staging table. A crash or a failed job before a table's
 * commit leaves its silver, quarantine and watermark as they were, and the next run stages the same
 * rows again.
 */
public final class SilverStage {
  private static final long ROWS_PER_SLICE = 100_000;

  private SilverStage() {}

  /** What one table has pending, fixed before the job starts. */
  private record Pending(TableContract contract, long after, long upTo, long selected) {}

  /** Takes each table's figures as soon as its merge committed. */
  @FunctionalInterface
  public interface Recorder {
    void record(TableCounts counts) throws SQLException;
  }

  /** Runs {@code tables} in their order (the project's: parents first). */
  public static void run(StageContext ctx, List<TableContract> tables, Recorder recorder)
      throws SQLException {
    Warehouse w = ctx.warehouse();
    PipelineOptions options = ctx.pipelineOptions();
    Pipeline p = Pipeline.create(options);
    List<Pending> pending = new ArrayList<>();
    for (TableContract contract : tables) {
      String t = contract.table();
      long after = watermark(w, t);
      long upTo = bronzeBound(w, t);
      long selected = countPending(w, t, after, upTo);
      try (Connection c = w.connect()) {
        StagingTable.recreate(c, contract);
      }
      p.apply(
          t + ": bronze to silver",
          BronzeToSilver.stage(
              w,
              contract,
              PendingBronze.of(BronzeLayout.of(contract), after, upTo),
              slices(selected, options),
              ctx.batchSize()));
      pending.add(new Pending(contract, after, upTo, selected));
    }
    StageJob job = StageJob.run(p, "silver");
    long allSelected = pending.stream().mapToLong(Pending::selected).sum();
    for (Pending table : pending) {
      // The shared job's time, apportioned by each table's share of the rows it read.
      double jobShare =
          allSelected == 0 ? 0 : job.seconds() * table.selected() / (double) allSelected;
      recorder.record(merge(ctx, table, job, jobShare));
    }
  }

  private static TableCounts merge(StageContext ctx, Pending table, StageJob job, double jobShare)
      throws SQLException {
    TableContract contract = table.contract();
    String t = contract.table();
    TableCounts counted =
        TableCounts.of(t).with(Figure.SILVER_SELECTED, table.selected()).countedBy(job);
    long started = System.nanoTime();
    try (Connection c = ctx.warehouse().connect()) {
      c.setAutoCommit(false);
      try {
        Merged merged =
            MergeCandidates.of(contract).merge(c, ctx.runId(), counted.get(Figure.SILVER_INPUT));
        long resolved = resolveReplayed(c, t, ctx.runId(), table.after(), table.upTo());
        setWatermark(c, t, table.upTo());
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE " + StagingTable.name(contract));
        }
        c.commit();
        return counted
            .with(Figure.SILVER_PROCESSED, merged.processed())
            .with(Figure.SILVER_UPSERTED, merged.upserted())
            .with(Figure.QUARANTINED, merged.quarantined())
            .with(Figure.SUPERSEDED, merged.superseded())
            .with(Figure.RESOLVED, resolved)
            .withSilverSeconds(jobShare + (System.nanoTime() - started) / 1e9);
      } catch (SQLException e) {
        rollbackQuietly(c, e);
        throw LostConnection.naming(e, "silver." + t);
      } catch (RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
    }
  }

  /** A rollback on a connection already lost fails too: that must not hide the first failure. */
  private static void rollbackQuietly(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException rollback) {
      failure.addSuppressed(rollback);
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
