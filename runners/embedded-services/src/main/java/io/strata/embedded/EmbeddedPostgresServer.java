package io.strata.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server from the zonky binaries, for runs and tests that are not given one. With
 * a data directory that already holds a cluster, the same warehouse is reopened, so a second run
 * sees the first one's tables. It listens on loopback on a free port and trusts local logins.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  public static final String SUPERUSER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts a server on {@code dataDir} (created when missing, kept when it holds a cluster). */
  public static EmbeddedPostgresServer start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(freePort())
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              // zonky's test defaults trade durability for speed; a warehouse keeps both on
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .start();
      return new EmbeddedPostgresServer(pg);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  public String psqlUrl(String database) {
    return "postgresql://" + SUPERUSER + "@127.0.0.1:" + port() + "/" + database;
  }

  /** Creates {@code database} unless it exists. */
  public void ensureDatabase(String database) {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "")) {
      ensureDatabase(c, database);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + database, e);
    }
  }

  /**
   * Creates {@code database} on the server {@code c} is connected to, unless it exists. The name is
   * checked as an identifier first: it is spliced into SQL text.
   */
  public static void ensureDatabase(Connection c, String database) throws SQLException {
    if (!database.matches("^[a-z_][a-z0-9_]{0,62}$")) {
      throw new IllegalArgumentException("not a database identifier: " + database);
    }
    try (PreparedStatement exists =
        c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rs = exists.executeQuery()) {
        if (!rs.next()) {
          try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
          }
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
