package io.strata.transforms.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * The warehouse's shared schema: the layers' schemas, quarantine and the ops tables, created and
 * upgraded by Flyway from the versioned migrations of the repository's {@code sql/migrations}
 * (packaged into this module). Tables per contract come from {@link TableDdl}.
 */
public final class Migrations {
  private static final String LOCATION = "classpath:db/migration";

  /**
   * Where Flyway keeps Strata's history: a schema of Strata's own, so a database whose {@code
   * public} schema holds other tables is no obstacle.
   */
  private static final String HISTORY_SCHEMA = "ops";

  private static final String HISTORY = "flyway_schema_history";

  private Migrations() {}

  /** Applies every migration the warehouse has not had yet. */
  public static void apply(Warehouse warehouse) {
    adoptHistoryFromPublic(warehouse);
    Flyway.configure()
        .dataSource(warehouse.dataSource())
        .locations(LOCATION)
        .schemas(HISTORY_SCHEMA)
        .load()
        .migrate();
  }

  /**
   * Warehouses migrated before the history moved keep it in {@code public}: when that history is
   * Strata's (its first migration is ours) and what it built is still there, it moves to {@link
   * #HISTORY_SCHEMA}, so nothing runs twice. Without that schema the old history describes nothing
   * that exists, and the migrations run from the start.
   */
  private static void adoptHistoryFromPublic(Warehouse warehouse) {
    try (Connection c = warehouse.connect();
        Statement s = c.createStatement()) {
      boolean inPublicOnly;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT to_regclass('public."
                  + HISTORY
                  + "') IS NOT NULL AND to_regclass('"
                  + HISTORY_SCHEMA
                  + "."
                  + HISTORY
                  + "') IS NULL AND to_regnamespace('"
                  + HISTORY_SCHEMA
                  + "') IS NOT NULL")) {
        rs.next();
        inPublicOnly = rs.getBoolean(1);
      }
      if (!inPublicOnly) {
        return;
      }
      boolean ours;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) > 0 FROM public."
                  + HISTORY
                  + " WHERE script = 'V1__layers_quarantine_ledger.sql' AND success")) {
        rs.next();
        ours = rs.getBoolean(1);
      }
      if (ours) {
        s.execute("ALTER TABLE public." + HISTORY + " SET SCHEMA " + HISTORY_SCHEMA);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not look for Strata's migration history in schema public: " + e.getMessage(), e);
    }
  }
}
