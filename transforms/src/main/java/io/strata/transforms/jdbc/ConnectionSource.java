package io.strata.transforms.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a piece of code gets its warehouse connection: the driver's {@link Warehouse}, or a DoFn's
 * {@link Warehouse.Lease}.
 */
@FunctionalInterface
public interface ConnectionSource {
  Connection connect() throws SQLException;
}
