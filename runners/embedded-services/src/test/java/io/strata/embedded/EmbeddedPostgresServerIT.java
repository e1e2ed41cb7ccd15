package io.strata.embedded;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.Test;

public class EmbeddedPostgresServerIT {
  @Test
  public void reopensTheSameWarehouseFromItsDataDirectory() throws Exception {
    Path dir = Path.of("target", "it-pg-" + System.nanoTime());
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir)) {
      pg.ensureDatabase("strata");
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl("strata"), "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
      }
    }
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir)) {
      pg.ensureDatabase("strata");
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl("strata"), "postgres", "");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT n FROM kept")) {
        rs.next();
        assertEquals(42, rs.getInt(1));
      }
    }
  }
}
