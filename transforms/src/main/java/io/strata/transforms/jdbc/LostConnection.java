package io.strata.transforms.jdbc;

import java.sql.SQLException;

/**
 * Names what was being written when the connection to PostgreSQL broke: the driver's own words ("An
 * I/O error occurred while sending to the backend", "terminating connection due to administrator
 * command") say nothing of the stage or the table.
 */
public final class LostConnection {
  private LostConnection() {}

  /**
   * {@code e} with {@code writing} (e.g. {@code bronze.orders}) named when it is a lost connection,
   * else {@code e} itself.
   */
  public static SQLException naming(SQLException e, String writing) {
    if (!isLost(e)) {
      return e;
    }
    return new SQLException(
        "lost the connection to PostgreSQL while writing " + writing + ": " + e.getMessage(),
        e.getSQLState(),
        e);
  }

  /**
   * SQLSTATE class 08 (connection exception) or the server shutting the session down (57P01-57P03),
   * anywhere in the chain: pgjdbc wraps a COPY stream's failure in an IOException.
   */
  static boolean isLost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P0")) {
          return true;
        }
      }
    }
    return false;
  }
}
