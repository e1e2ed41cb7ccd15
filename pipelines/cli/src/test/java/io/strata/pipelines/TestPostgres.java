package io.strata.pipelines;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL of a test's own, configured as a production server may be (TLS, password
 * authentication): its settings and its pg_hba.conf lines, in force before it is returned. Close it
 * when done.
 */
final class TestPostgres {
  private TestPostgres() {}

  static EmbeddedPostgres start(Path dir, Map<String, String> settings, List<String> hbaLines)
      throws Exception {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir.resolve("pg-" + System.nanoTime()))
            .setPort(freePort())
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("listen_addresses", "127.0.0.1");
    settings.forEach(builder::setServerConfig);
    EmbeddedPostgres postgres = builder.start();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      Path hba;
      try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
        rs.next();
        hba = Path.of(rs.getString(1));
      }
      Files.writeString(hba, String.join("\n", hbaLines) + "\n");
      s.execute("SELECT pg_reload_conf()");
    }
    return postgres;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
