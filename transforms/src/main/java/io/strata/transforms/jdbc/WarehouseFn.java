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

  /** The lease, for code that takes a {@link ConnectionSource}. */
  protected ConnectionSource connections() {
    return lease;
  }
}
