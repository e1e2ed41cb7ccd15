package io.strata.transforms.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * How workers reach the PostgreSQL warehouse. Serializable so transforms can carry it; each JVM
 * keeps one small connection pool per warehouse. {@link #toString()} never shows the password.
 */
public final class Warehouse implements Serializable {
  private static final Map<Warehouse, HikariDataSource> POOLS = new ConcurrentHashMap<>();

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

  public Connection connect() throws SQLException {
    return dataSource().getConnection();
  }

  public DataSource dataSource() {
    return POOLS.computeIfAbsent(this, Warehouse::newPool);
  }

  /** Closes this JVM's pool for the warehouse, so an embedded server can stop cleanly. */
  public void closePool() {
    HikariDataSource pool = POOLS.remove(this);
    if (pool != null) {
      pool.close();
    }
  }

  private static HikariDataSource newPool(Warehouse w) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(w.jdbcUrl);
    // Named, not looked up in DriverManager: on a Flink worker the driver sits in the job's class loader,
    // which DriverManager does not search once another job's loader registered its own copy.
    config.setDriverClassName("org.postgresql.Driver");
    config.setUsername(w.user);
    config.setPassword(w.password);
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(0);
    config.setAutoCommit(true);
    config.setPoolName("strata-" + Integer.toHexString(w.hashCode()));
    return new HikariDataSource(config);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Warehouse w && jdbcUrl.equals(w.jdbcUrl) && user.equals(w.user) && password.equals(w.password);
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
