package io.strata.transforms.jdbc;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
    StringBuilder line = new StringBuilder(256);
    try (PGCopyOutputStream out = new PGCopyOutputStream(pg, sql, 1 << 16);
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      for (Object[] row : rows) {
        line.setLength(0);
        for (int i = 0; i < row.length; i++) {
          if (i > 0) {
            line.append('\t');
          }
          appendCell(line, row[i]);
        }
        line.append('\n');
        writer.append(line);
        n++;
      }
    } catch (IOException e) {
      throw new SQLException(
          "COPY into " + table + " failed: " + e.getMessage(), serverState(e), e);
    }
    return n;
  }

  /** Appends one cell in COPY's text format ({@code \N} for null) to a row being built. */
  public static void appendCell(StringBuilder line, Object value) {
    if (value == null) {
      line.append("\\N");
      return;
    }
    if (value instanceof Long || value instanceof Integer) {
      line.append(((Number) value).longValue());
      return;
    }
    String s = value.toString();
    int first = firstToEscape(s);
    if (first < 0) {
      line.append(s);
      return;
    }
    line.append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> line.append("\\\\");
        case '\t' -> line.append("\\t");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        default -> line.append(ch);
      }
    }
  }

  private static int firstToEscape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
        return i;
      }
    }
    return -1;
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
