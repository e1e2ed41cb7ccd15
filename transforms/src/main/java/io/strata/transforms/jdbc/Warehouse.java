package io.strata.transforms.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * How workers reach the PostgreSQL warehouse. Serializable so transforms can carry it; each JVM
 * keeps one small connection pool per warehouse. {@link #toString()} never shows the password.
 *
 * <p>The pool lives as long as someone holds it: the driver, from its first {@link #connect()}
 * until {@link #closePool()}, and every DoFn between its {@code @Setup} and {@code @Teardown}
 * through a {@link Lease}. On a worker only leases hold it, so the pool and its threads go when a
 * job's last DoFn is torn down: a session cluster's worker then keeps nothing that pins the
 * finished job's class loader.
 */
public final class Warehouse implements Serializable, ConnectionSource {
  private static final Map<Warehouse, Pool> POOLS = new HashMap<>();

  /**
   * Whether driver code runs in this JVM (it does not on a worker of a cluster); guarded by POOLS.
   */
  private static boolean driverHere;

  private final String jdbcUrl;
  private final String user;
  private final String password;

  public Warehouse(String jdbcUrl, String user, String password) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--jdbcUrl must be a jdbc:postgresql: URL");
    }
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password == null ? "" : password;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  /** A connection for the driver, which holds the pool until {@link #closePool()}. */
  @Override
  public Connection connect() throws SQLException {
    return dataSource().getConnection();
  }

  /** The pool as a DataSource for the driver (Flyway), held until {@link #closePool()}. */
  public DataSource dataSource() {
    synchronized (POOLS) {
      Pool pool = POOLS.computeIfAbsent(this, Pool::new);
      pool.driver = true;
      driverHere = true;
      return pool.dataSource;
    }
  }

  /** The pool for a DoFn: take it in {@code @Setup}, close it in {@code @Teardown}. */
  public Lease lease() {
    synchronized (POOLS) {
      POOLS.computeIfAbsent(this, Pool::new).leases++;
    }
    return new Lease(this);
  }

  /** The driver lets go of this JVM's pool; it closes once no DoFn holds it either. */
  public void closePool() {
    synchronized (POOLS) {
      Pool pool = POOLS.get(this);
      if (pool != null) {
        pool.driver = false;
        closeIfUnheld(pool);
      }
    }
  }

  private void closeIfUnheld(Pool pool) {
    if (!pool.driver && pool.leases == 0) {
      POOLS.remove(this);
      pool.dataSource.close();
      if (!driverHere && POOLS.isEmpty()) {
        deregisterOwnDrivers();
      }
    }
  }

  /**
   * On a worker, once no pool is left: the PostgreSQL driver a job's class loader loaded registered
   * itself with DriverManager, which would pin that class loader (and every class of the job) for
   * the worker's lifetime. A later pool finds the driver by class name, registered or not.
   */
  private static void deregisterOwnDrivers() {
    ClassLoader own = Warehouse.class.getClassLoader();
    for (Driver d : Collections.list(DriverManager.getDrivers())) {
      if (d.getClass().getClassLoader() == own) {
        try {
          DriverManager.deregisterDriver(d);
        } catch (SQLException e) {
          // Left registered: the cost is memory on a long-lived worker, not correctness.
        }
      }
    }
  }

  /** A DoFn's hold on the pool, from {@code @Setup} to {@code @Teardown}. */
  public static final class Lease implements ConnectionSource, AutoCloseable {
    private final Warehouse warehouse;
    private boolean closed;

    private Lease(Warehouse warehouse) {
      this.warehouse = warehouse;
    }

    @Override
    public Connection connect() throws SQLException {
      HikariDataSource dataSource;
      synchronized (POOLS) {
        if (closed) {
          throw new IllegalStateException("the lease on " + warehouse + " was closed");
        }
        dataSource = POOLS.get(warehouse).dataSource;
      }
      return dataSource.getConnection();
    }

    @Override
    public void close() {
      synchronized (POOLS) {
        if (closed) {
          return;
        }
        closed = true;
        Pool pool = POOLS.get(warehouse);
        pool.leases--;
        warehouse.closeIfUnheld(pool);
      }
    }
  }

  /** One JVM's pool for one warehouse and who holds it. */
  private static final class Pool {
    final HikariDataSource dataSource;
    int leases;
    boolean driver;

    Pool(Warehouse w) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(w.jdbcUrl);
      // Named, not looked up in DriverManager: on a Flink worker the driver sits in the job's class
      // loader,
      // which DriverManager does not search once another job's loader registered its own copy.
      config.setDriverClassName("org.postgresql.Driver");
      config.setUsername(w.user);
      config.setPassword(w.password);
      config.setMaximumPoolSize(8);
      config.setMinimumIdle(0);
      config.setAutoCommit(true);
      config.setPoolName("strata-" + Integer.toHexString(w.hashCode()));
      dataSource = new HikariDataSource(config);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Warehouse w
        && jdbcUrl.equals(w.jdbcUrl)
        && user.equals(w.user)
        && password.equals(w.password);
  }

  @Override
  public int hashCode() {
    return jdbcUrl.hashCode() * 31 + user.hashCode();
  }

  @Override
  public String toString() {
    return user + " @ " + jdbcUrl;
  }
}
