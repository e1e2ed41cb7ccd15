package io.strata.pipelines.ledger;

import io.strata.transforms.jdbc.Warehouse;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run ledger: one {@code ops.runs} row per run and one {@code ops.table_counts} row per run and
 * table. Rows are upserted, so recording a stage twice never double counts.
 */
public final class Ledger {
  private final Warehouse warehouse;
  private final String runId;
  private final Map<String, TableCounts> tables = new LinkedHashMap<>();

  public Ledger(Warehouse warehouse, String runId) {
    this.warehouse = warehouse;
    this.runId = runId;
  }

  public String runId() {
    return runId;
  }

  /**
   * Records the run as running. Called under the {@link RunLock}, so a run still marked running was
   * killed before it finished: it is marked failed, and this run completes its work.
   */
  public void start(String runner, String stages, String project) throws SQLException {
    start(runner, stages, project, null, null);
  }

  /** Starts a run; a streaming window names its stream (the first window's run id) and number. */
  public void start(String runner, String stages, String project, String streamId, Integer windowNo)
      throws SQLException {
    try (Connection c = warehouse.connect();
        PreparedStatement abandoned =
            c.prepareStatement(
                "UPDATE ops.runs SET status = 'failed', finished_at = now(),"
                    + " message = 'abandoned: the process stopped before the run finished' WHERE status = 'running'");
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO ops.runs (run_id, status, runner, stages, project, stream_id, window_no)"
                    + " VALUES (?, 'running', ?, ?, ?, ?, ?)")) {
      abandoned.executeUpdate();
      s.setString(1, runId);
      s.setString(2, runner);
      s.setString(3, stages);
      s.setString(4, project);
      s.setString(5, streamId);
      s.setObject(6, windowNo, Types.INTEGER);
      s.executeUpdate();
    }
  }

  public void record(TableCounts counts) throws SQLException {
    tables.merge(counts.table(), counts, Ledger::combine);
    TableCounts t = tables.get(counts.table());
    try (Connection c = warehouse.connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO ops.table_counts (run_id, table_name, rows_read, bronze_new, bronze_already_present,"
                    + " silver_processed, silver_upserted, quarantined, superseded, resolved, bronze_seconds, silver_seconds)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, table_name) DO UPDATE SET"
                    + " rows_read = EXCLUDED.rows_read, bronze_new = EXCLUDED.bronze_new,"
                    + " bronze_already_present = EXCLUDED.bronze_already_present, silver_processed = EXCLUDED.silver_processed,"
                    + " silver_upserted = EXCLUDED.silver_upserted, quarantined = EXCLUDED.quarantined,"
                    + " superseded = EXCLUDED.superseded, resolved = EXCLUDED.resolved,"
                    + " bronze_seconds = EXCLUDED.bronze_seconds, silver_seconds = EXCLUDED.silver_seconds")) {
      s.setString(1, runId);
      s.setString(2, t.table());
      s.setLong(3, t.rowsRead());
      s.setLong(4, t.bronzeNew());
      s.setLong(5, t.bronzeAlreadyPresent());
      s.setLong(6, t.silverProcessed());
      s.setLong(7, t.silverUpserted());
      s.setLong(8, t.quarantined());
      s.setLong(9, t.superseded());
      s.setLong(10, t.resolved());
      s.setDouble(11, t.bronzeSeconds());
      s.setDouble(12, t.silverSeconds());
      s.executeUpdate();
    }
  }

  /** Every table's discrepancy, {@code table: what is off}; empty when the run reconciles. */
  public List<String> discrepancies() {
    List<String> out = new ArrayList<>();
    for (TableCounts t : tables.values()) {
      if (!t.discrepancy().isEmpty()) {
        out.add(t.table() + ": " + t.discrepancy());
      }
    }
    return out;
  }

  public void finish(boolean succeeded, String message) throws SQLException {
    try (Connection c = warehouse.connect();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE ops.runs SET status = ?, finished_at = now(), message = ? WHERE run_id = ?")) {
      s.setString(1, succeeded ? "succeeded" : "failed");
      s.setString(2, message);
      s.setString(3, runId);
      s.executeUpdate();
    }
  }

  public List<TableCounts> tables() {
    return List.copyOf(tables.values());
  }

  /** The reconciliation table the run prints. */
  public void print(PrintStream out) {
    String fmt = "%-14s %9s %9s %9s | %9s %9s %9s %9s %8s | %10s %10s  %s%n";
    out.printf(
        fmt,
        "table",
        "read",
        "new",
        "present",
        "processed",
        "silver",
        "quarant.",
        "supersed.",
        "resolved",
        "bronze r/s",
        "silver r/s",
        "check");
    for (TableCounts t : tables.values()) {
      out.printf(
          fmt,
          t.table(),
          t.rowsRead(),
          t.bronzeNew(),
          t.bronzeAlreadyPresent(),
          t.silverProcessed(),
          t.silverUpserted(),
          t.quarantined(),
          t.superseded(),
          t.resolved(),
          rate(t.rowsRead(), t.bronzeSeconds()),
          rate(t.silverInput(), t.silverSeconds()),
          t.discrepancy().isEmpty() ? "ok" : "FAIL " + t.discrepancy());
    }
    // Bronze reads every table in one pipeline, so its per-table rate shares one wall time.
    long read = tables.values().stream().mapToLong(TableCounts::rowsRead).sum();
    double bronzeSeconds =
        tables.values().stream().mapToDouble(TableCounts::bronzeSeconds).max().orElse(0);
    long silverRows = tables.values().stream().mapToLong(TableCounts::silverInput).sum();
    double silverSeconds = tables.values().stream().mapToDouble(TableCounts::silverSeconds).sum();
    out.printf(
        "bronze: %d rows in %.1f s (%s rows/s); silver: %d rows in %.1f s (%s rows/s)%n",
        read,
        bronzeSeconds,
        rate(read, bronzeSeconds),
        silverRows,
        silverSeconds,
        rate(silverRows, silverSeconds));
  }

  private static String rate(long rows, double seconds) {
    return seconds <= 0 ? "-" : String.format("%.0f", rows / seconds);
  }

  private static TableCounts combine(TableCounts a, TableCounts b) {
    return new TableCounts(
        a.table(),
        a.rowsRead() + b.rowsRead(),
        a.bronzeNew() + b.bronzeNew(),
        a.bronzeAlreadyPresent() + b.bronzeAlreadyPresent(),
        a.silverSelected() + b.silverSelected(),
        a.silverInput() + b.silverInput(),
        a.silverProcessed() + b.silverProcessed(),
        a.silverUpserted() + b.silverUpserted(),
        a.quarantined() + b.quarantined(),
        a.superseded() + b.superseded(),
        a.resolved() + b.resolved(),
        a.bronzeSeconds() + b.bronzeSeconds(),
        a.silverSeconds() + b.silverSeconds());
  }
}
