package io.strata.transforms.jdbc;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Bulk loads rows into a (usually temporary) table with PostgreSQL COPY in CSV format: the fast
 * path every bulk write takes instead of row-at-a-time INSERTs. A null cell is SQL NULL, an empty
 * string stays an empty string.
 */
public final class PgCopy {
  private static final CSVFormat FORMAT = CSVFormat.POSTGRESQL_CSV;

  private PgCopy() {}

  /** Copies {@code rows} (one Object[] per row, cells in {@code columns} order) into {@code table}. */
  public static long copy(Connection connection, String table, List<String> columns, Iterable<Object[]> rows)
      throws SQLException {
    String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN WITH (FORMAT csv)";
    PGConnection pg = connection.unwrap(PGConnection.class);
    long n = 0;
    try (PGCopyOutputStream out = new PGCopyOutputStream(pg, sql, 1 << 16);
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, FORMAT)) {
      for (Object[] row : rows) {
        printer.printRecord(row);
        n++;
      }
    } catch (IOException e) {
      throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), serverState(e), e);
    }
    return n;
  }

  /** The SQLSTATE the server sent, which pgjdbc wraps in the IOException of the COPY stream. */
  private static String serverState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }
}
