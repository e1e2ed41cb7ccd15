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

/** A real PostgreSQL for a test class, with the layer schemas the sinks write into. */
public final class WarehouseRule extends ExternalResource {
  private EmbeddedPostgresServer server;
  private Warehouse warehouse;

  @Override
  protected void before() throws SQLException {
    server = EmbeddedPostgresServer.start(Path.of("target", "it-sinks-" + System.nanoTime()));
    server.ensureDatabase("sinks");
    warehouse = new Warehouse(server.jdbcUrl("sinks"), EmbeddedPostgresServer.SUPERUSER, "");
    execute(
        "CREATE SCHEMA bronze; CREATE SCHEMA silver; CREATE SCHEMA quarantine;"
            + " CREATE TABLE quarantine.rejected_rows (table_name text, source text, position bigint, payload text, reasons jsonb,"
            + " replayable boolean, run_id text, rejected_at timestamptz DEFAULT now(), resolved_run_id text, resolved_at timestamptz,"
            + " PRIMARY KEY (table_name, source, position))");
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
