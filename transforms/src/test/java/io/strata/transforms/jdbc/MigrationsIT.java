package io.strata.transforms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.embedded.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Strata's migrations on databases as teams have them: not empty, or migrated by an older Strata.
 */
public class MigrationsIT {
  private static EmbeddedPostgresServer server;

  @BeforeClass
  public static void start() {
    server = EmbeddedPostgresServer.start(Path.of("target", "it-migrations-" + System.nanoTime()));
  }

  @AfterClass
  public static void stop() {
    server.close();
  }

  private static Warehouse database(String name) {
    server.ensureDatabase(name);
    return new Warehouse(server.jdbcUrl(name), EmbeddedPostgresServer.SUPERUSER, "");
  }

  /** A database as Strata before V7 left it: migrated up to V6, its history in {@code public}. */
  private static Warehouse migratedByAnOlderStrata(String name) {
    Warehouse w = database(name);
    Flyway.configure()
        .dataSource(w.dataSource())
        .locations("classpath:db/migration")
        .target("6")
        .load()
        .migrate();
    return w;
  }

  @Test
  public void aDatabaseWithOtherTablesInPublicIsMigratedBesideThem() throws Exception {
    Warehouse w = database("theirs");
    execute(w, "CREATE TABLE public.invoices (id int); INSERT INTO public.invoices VALUES (1)");

    Migrations.apply(w);

    assertThat(value(w, "SELECT count(*) FROM public.invoices")).isEqualTo("1");
    assertThat(value(w, "SELECT max(version) FROM ops.flyway_schema_history"))
        .isEqualTo(value(w, "SELECT max(version) FROM ops.flyway_schema_history WHERE success"));
    assertThat(value(w, "SELECT to_regclass('public.flyway_schema_history') IS NULL"))
        .isEqualTo("t");
    w.closePool();
  }

  @Test
  public void aWarehouseWhoseHistoryIsInPublicContinuesFromItWithoutRunningAnythingTwice()
      throws Exception {
    Warehouse w = migratedByAnOlderStrata("older");

    Migrations.apply(w);

    assertThat(value(w, "SELECT count(*) FROM ops.flyway_schema_history WHERE version = '1'"))
        .isEqualTo("1");
    assertThat(value(w, "SELECT count(*) FROM ops.flyway_schema_history WHERE version = '7'"))
        .isEqualTo("1");
    assertThat(value(w, "SELECT to_regclass('ops.bronze_ranges') IS NOT NULL")).isEqualTo("t");
    w.closePool();
  }

  @Test
  public void anOldHistoryWhoseSchemasWereDroppedIsLeftAndEverythingIsBuiltAgain()
      throws Exception {
    Warehouse w = migratedByAnOlderStrata("dropped");
    execute(w, "DROP SCHEMA bronze, silver, gold, quarantine, ops, staging CASCADE");

    Migrations.apply(w);

    assertThat(value(w, "SELECT to_regclass('ops.runs') IS NOT NULL")).isEqualTo("t");
    assertThat(value(w, "SELECT to_regclass('ops.bronze_ranges') IS NOT NULL")).isEqualTo("t");
    w.closePool();
  }

  private static void execute(Warehouse w, String sql) throws Exception {
    try (Connection c = w.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String value(Warehouse w, String sql) throws Exception {
    try (Connection c = w.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
