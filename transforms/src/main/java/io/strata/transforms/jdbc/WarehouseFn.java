package io.strata.transforms.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * A DoFn that reads or writes the warehouse. It holds a lease on its JVM's connection pool from
 * {@code @Setup} to {@code @Teardown}, so a worker's pool closes with the last DoFn of a job.
 */
public abstract class WarehouseFn<InputT, OutputT> extends DoFn<InputT, OutputT> {
  protected final Warehouse warehouse;
  private transient Warehouse.Lease lease;

  protected WarehouseFn(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  @Setup
  public void leaseWarehouse() {
    lease = warehouse.lease();
  }

  @Teardown
  public void returnWarehouse() {
    if (lease != null) {
      lease.close();
    }
  }

  /** A pooled connection; close it when done. */
  protected Connection connect() throws SQLException {
    return lease.connect();
  }

  /**
   * Two pooled connections, taken together under one lock per JVM: callers that each held one while
   * waiting for a second could wait forever once the pool is spent (six tables' slices at once on
   * Flink did). Close both when done.
   */
  protected ConnectionPair connectPair() throws SQLException {
    synchronized (ConnectionPair.class) {
      Connection first = connect();
      try {
        return new ConnectionPair(first, connect());
      } catch (SQLException e) {
        first.close();
        throw e;
      }
    }
  }

  /** Two connections closed together. */
  public record ConnectionPair(Connection first, Connection second) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      try {
        first.close();
      } finally {
        second.close();
      }
    }
  }

  /** The lease, for code that takes a {@link ConnectionSource}. */
  protected ConnectionSource connections() {
    return lease;
  }
}
