package io.strata.bench;

import io.strata.transforms.jdbc.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
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
      s.execute("CHECKPOINT");
    }
    String lsn = query(w, "SELECT pg_current_wal_lsn()::text");
    long start = System.nanoTime();
    Process p =
        contender
            .command()
            .build(env, input)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long peakKb = 0;
    while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
      peakKb = Math.max(peakKb, highWaterMarkKb(p.pid()));
      if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES)) {
        p.destroyForcibly();
        p.waitFor();
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
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long wal =
        Long.parseLong(
            query(
                w,
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '"
                    + lsn
                    + "'::pg_lsn)::bigint::text"));
    long rows = Long.parseLong(query(w, "SELECT count(*)::text FROM " + contender.table()));
    String error = null;
    if (p.exitValue() != 0) {
      error = "exit " + p.exitValue() + "; see " + log;
    } else if (rows != expectedRows) {
      error = "loaded " + rows + " rows, expected " + expectedRows;
    }
    return new Measurement(contender.name(), size, run, seconds, rows, peakKb * 1024, wal, error);
  }

  /** VmHWM of a live process, from /proc; 0 where there is none (not Linux, or it just exited). */
  static long highWaterMarkKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // The process is gone between two polls: the last reading stands.
    }
    return 0;
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
