package io.strata.bench;

import io.strata.transforms.jdbc.Warehouse;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One timed run of one contender: wall time of its process (start to exit, JVM start included), the
 * rows it left in its table, its peak resident memory, and the WAL PostgreSQL wrote meanwhile.
 * {@code error} says why the run does not count (a failed process, a row count that is off).
 */
public record Measurement(
    String contender,
    long size,
    int run,
    double seconds,
    long rows,
    long peakRssBytes,
    long walBytes,
    @Nullable String error) {

  private static final long TIMEOUT_MINUTES = 120;

  /**
   * Empties the contender's table, runs it over {@code input}, and checks it loaded {@code
   * expectedRows}.
   */
  public static Measurement take(
      BenchEnv env,
      Warehouse w,
      Contender contender,
      Path input,
      long size,
      long expectedRows,
      int run,
      Path log)
      throws IOException, SQLException, InterruptedException {
    try (Connection c = w.connect();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE " + contender.table());
      if (contender.table().startsWith("bronze.")) {
        // what bronze recorded as loaded goes with its rows, or the next load would add nothing
        s.execute(
            "DELETE FROM ops.bronze_ranges WHERE table_name = '"
                + contender.table().substring("bronze.".length())
                + "'");
      }
      s.execute("CHECKPOINT");
    }
    String lsn = query(w, "SELECT pg_current_wal_lsn()::text");
    WatchedProcess p =
        WatchedProcess.run(
            contender.command().build(env, input), log, Duration.ofMinutes(TIMEOUT_MINUTES));
    if (p.exit() < 0) {
      return new Measurement(
          contender.name(),
          size,
          run,
          0,
          0,
          0,
          0,
          "timed out after " + TIMEOUT_MINUTES + " min; see " + log);
    }
    long wal =
        Long.parseLong(
            query(
                w,
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '"
                    + lsn
                    + "'::pg_lsn)::bigint::text"));
    long rows = Long.parseLong(query(w, "SELECT count(*)::text FROM " + contender.table()));
    String error = null;
    if (!p.ok()) {
      error = "exit " + p.exit() + "; see " + log;
    } else if (rows != expectedRows) {
      error = "loaded " + rows + " rows, expected " + expectedRows;
    }
    return new Measurement(
        contender.name(), size, run, p.seconds(), rows, p.peakRssBytes(), wal, error);
  }

  private static String query(Warehouse w, String sql) throws SQLException {
    try (Connection c = w.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
