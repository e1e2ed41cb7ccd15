package io.strata.transforms.jdbc;

import org.flywaydb.core.Flyway;

/**
 * The warehouse's shared schema: the layers' schemas, quarantine and the ops tables, created and
 * upgraded by Flyway from the versioned migrations of the repository's {@code sql/migrations}
 * (packaged into this module). Tables per contract come from {@link TableDdl}.
 */
public final class Migrations {
  private static final String LOCATION = "classpath:db/migration";

  private Migrations() {}

  /** Applies every migration the warehouse has not had yet. */
  public static void apply(Warehouse warehouse) {
    Flyway.configure().dataSource(warehouse.dataSource()).locations(LOCATION).load().migrate();
  }
}
