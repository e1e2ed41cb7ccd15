package io.strata.pipelines.ledger;

import io.strata.transforms.jdbc.Warehouse;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;

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

  /**
   * Records the run as running; a streaming window names its stream (the first window's run id) and
   * number. Called under the {@link RunLock}, so a run still marked running was killed before it
   * finished: it is marked failed, and this run completes its work.
   */
  public void start(
      String runner,
      String stages,
      String project,
      @Nullable String streamId,
      @Nullable Integer windowNo)
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

  /** Adds a stage's figures of one table to this run's, and stores the sum. */
  public void record(TableCounts counts) throws SQLException {
    TableCounts t = tables.merge(counts.table(), counts, TableCounts::plus);
    List<String> columns = Arrays.stream(Figure.values()).map(Figure::column).toList();
    String updates =
        Stream.concat(columns.stream(), Stream.of("bronze_seconds", "silver_seconds"))
            .map(col -> col + " = EXCLUDED." + col)
            .collect(Collectors.joining(", "));
    try (Connection c = warehouse.connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO ops.table_counts (run_id, table_name, "
                    + String.join(", ", columns)
                    + ", bronze_seconds, silver_seconds) VALUES (?, ?, "
                    + "?, ".repeat(columns.size())
                    + "?, ?) ON CONFLICT (run_id, table_name) DO UPDATE SET "
                    + updates)) {
      int i = 1;
      s.setString(i++, runId);
      s.setString(i++, t.table());
      for (Figure f : Figure.values()) {
        s.setLong(i++, t.get(f));
      }
      s.setDouble(i++, t.bronzeSeconds());
      s.setDouble(i, t.silverSeconds());
      s.executeUpdate();
    }
  }

  /** A stored run's figures per table, as {@link #record} wrote them: enough to re-prove it. */
  public static List<TableCounts> read(Warehouse warehouse, String runId) throws SQLException {
    List<String> columns = Arrays.stream(Figure.values()).map(Figure::column).toList();
    List<TableCounts> out = new ArrayList<>();
    try (Connection c = warehouse.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT table_name, "
                    + String.join(", ", columns)
                    + ", bronze_seconds, silver_seconds FROM ops.table_counts WHERE run_id = ?"
                    + " ORDER BY table_name")) {
      s.setString(1, runId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          TableCounts t = TableCounts.of(rs.getString("table_name"));
          for (Figure f : Figure.values()) {
            t = t.with(f, rs.getLong(f.column()));
          }
          out.add(
              t.withBronzeSeconds(rs.getDouble("bronze_seconds"))
                  .withSilverSeconds(rs.getDouble("silver_seconds")));
        }
      }
    }
    return out;
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
          t.get(Figure.ROWS_READ),
          t.get(Figure.BRONZE_NEW),
          t.get(Figure.BRONZE_ALREADY_PRESENT),
          t.get(Figure.SILVER_PROCESSED),
          t.get(Figure.SILVER_UPSERTED),
          t.get(Figure.QUARANTINED),
          t.get(Figure.SUPERSEDED),
          t.get(Figure.RESOLVED),
          rate(t.get(Figure.ROWS_READ), t.bronzeSeconds()),
          rate(t.get(Figure.SILVER_INPUT), t.silverSeconds()),
          t.discrepancy().isEmpty() ? "ok" : "FAIL " + t.discrepancy());
    }
    // Bronze reads every table in one pipeline, so its per-table rate shares one wall time.
    long read = tables.values().stream().mapToLong(t -> t.get(Figure.ROWS_READ)).sum();
    double bronzeSeconds =
        tables.values().stream().mapToDouble(TableCounts::bronzeSeconds).max().orElse(0);
    long silverRows = tables.values().stream().mapToLong(t -> t.get(Figure.SILVER_INPUT)).sum();
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
}
