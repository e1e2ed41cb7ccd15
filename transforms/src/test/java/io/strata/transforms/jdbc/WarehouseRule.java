package io.strata.transforms.jdbc;

import io.strata.embedded.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.rules.ExternalResource;

/** A real PostgreSQL for a test class, with the warehouse's schema from its real migrations. */
public final class WarehouseRule extends ExternalResource {
  private EmbeddedPostgresServer server;
  private Warehouse warehouse;

  @Override
  protected void before() throws SQLException {
    server = EmbeddedPostgresServer.start(Path.of("target", "it-sinks-" + System.nanoTime()));
    server.ensureDatabase("sinks");
    warehouse = new Warehouse(server.jdbcUrl("sinks"), EmbeddedPostgresServer.SUPERUSER, "");
    Migrations.apply(warehouse);
  }

  @Override
  protected void after() {
    warehouse.closePool();
    server.close();
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  public void execute(String sql) throws SQLException {
    try (Connection c = warehouse.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  public List<String> rows(String sql) throws SQLException {
    try (Connection c = warehouse.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(rs.getString(i));
        }
        out.add(String.join(",", cells));
      }
      return out;
    }
  }
}
