package io.strata.transforms.jdbc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Bulk loads rows into a table with PostgreSQL COPY: the fast path every bulk write takes instead
 * of row-at-a-time INSERTs. Cells are written in COPY's text format (tab-separated, backslash
 * escapes, {@code \N} for SQL NULL), so an empty string stays an empty string.
 *
 * <p>The text format is escaped here rather than printed with a CSV library: a bench profile of
 * bronze showed commons-csv's always-quote printer taking a quarter of the whole load's CPU, and
 * the format has exactly four characters to escape.
 */
public final class PgCopy {
  private static final byte[] NULL = {'\\', 'N'};

  private PgCopy() {}

  /**
   * Copies {@code rows} (one Object[] per row, cells in {@code columns} order) into {@code table}.
   */
  public static long copy(
      Connection connection, String table, List<String> columns, Iterable<Object[]> rows)
      throws SQLException {
    String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
    PGConnection pg = connection.unwrap(PGConnection.class);
    long n = 0;
    PGCopyOutputStream out = new PGCopyOutputStream(pg, sql, 1 << 16);
    try {
      for (Object[] row : rows) {
        writeRow(out, row);
        n++;
      }
      out.close(); // ends the COPY: the server checks every row here
    } catch (IOException e) {
      release(out, e);
      throw new SQLException(
          "COPY into " + table + " failed: " + e.getMessage(), serverState(e), e);
    }
    return n;
  }

  /**
   * A COPY that failed midway still holds its connection's lock: until it is cancelled, the
   * rollback that follows waits forever (seen when the server dropped the session mid-COPY).
   */
  private static void release(PGCopyOutputStream out, IOException failure) {
    try {
      if (out.isActive()) {
        out.cancelCopy();
      }
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Writes one row in COPY's text format, its cells tab-separated ({@code \N} for null), ended by a
   * newline. Cells go straight to UTF-8 bytes: a flight recording of bronze showed a character
   * writer's per-row copies and a row builder's UTF-16 appends (once any cell was not Latin-1) as
   * most of the encoding's time.
   */
  public static void writeRow(OutputStream out, Object[] row) throws IOException {
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        out.write('\t');
      }
      writeCell(out, row[i]);
    }
    out.write('\n');
  }

  private static void writeCell(OutputStream out, Object value) throws IOException {
    if (value == null) {
      out.write(NULL);
      return;
    }
    if (value instanceof Long || value instanceof Integer) {
      out.write(Long.toString(((Number) value).longValue()).getBytes(StandardCharsets.US_ASCII));
      return;
    }
    // The four bytes to escape are ASCII, and no byte of a multi-byte UTF-8 sequence is ASCII.
    byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
    int from = 0;
    for (int i = 0; i < bytes.length; i++) {
      byte escaped =
          switch (bytes[i]) {
            case '\\' -> '\\';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\r' -> 'r';
            default -> 0;
          };
      if (escaped != 0) {
        out.write(bytes, from, i - from);
        out.write('\\');
        out.write(escaped);
        from = i + 1;
      }
    }
    out.write(bytes, from, bytes.length - from);
  }

  /**
   * What the server said about a failed statement, without the statement's data: its message and
   * detail (pgjdbc wraps it in the IOException of a COPY stream).
   */
  public static String serverMessage(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
        ServerErrorMessage server = p.getServerErrorMessage();
        return server.getMessage()
            + (server.getDetail() == null ? "" : " (" + server.getDetail() + ")");
      }
    }
    return String.valueOf(e.getMessage());
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
