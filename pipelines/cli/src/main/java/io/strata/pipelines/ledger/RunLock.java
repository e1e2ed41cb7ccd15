package io.strata.pipelines.ledger;

import io.strata.transforms.jdbc.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One run at a time per warehouse: a PostgreSQL session-level advisory lock held for the whole run.
 * Two runs interleaving their silver watermarks could skip rows; the second one is refused instead.
 * The lock goes away with the session, so a killed run never leaves it behind.
 */
public final class RunLock implements AutoCloseable {
  /** An arbitrary constant naming Strata's lock among the database's advisory locks. */
  private static final long KEY = 0x5374726174614CL;

  private final Connection connection;

  private RunLock(Connection connection) {
    this.connection = connection;
  }

  public static RunLock acquire(Warehouse warehouse) throws SQLException {
    Connection c = warehouse.connect();
    try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      s.setLong(1, KEY);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          c.close();
          throw new IllegalStateException(
              "another Strata run is using this warehouse (see ops.runs WHERE status = 'running'); try again when it ends");
        }
      }
    }
    return new RunLock(c);
  }

  @Override
  public void close() throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      s.setLong(1, KEY);
      s.execute();
    } finally {
      connection.close();
    }
  }
}
