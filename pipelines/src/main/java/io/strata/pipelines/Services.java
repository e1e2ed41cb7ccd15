package io.strata.pipelines;

import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.pipelines.retail.FxApiServer;
import io.strata.transforms.jdbc.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The services a run talks to: the ones given by options, or embedded ones started here and
 * stopped by {@link #close()}. Embedded PostgreSQL keeps its data under the work folder, so a
 * second run sees the first one's warehouse.
 */
final class Services implements AutoCloseable {
  private final @Nullable EmbeddedPostgresServer postgres;
  private final Warehouse warehouse;
  private @Nullable FxApiServer fxServer;

  private Services(@Nullable EmbeddedPostgresServer postgres, Warehouse warehouse) {
    this.postgres = postgres;
    this.warehouse = warehouse;
  }

  static Services start(StrataOptions o) {
    if (o.getJdbcUrl() != null) {
      return new Services(null, new Warehouse(o.getJdbcUrl(), o.getJdbcUser(), password(o)));
    }
    EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(Path.of(o.getWorkDir(), "postgres"));
    pg.ensureDatabase(StrataDefaults.DATABASE);
    return new Services(pg, new Warehouse(pg.jdbcUrl(StrataDefaults.DATABASE), EmbeddedPostgresServer.SUPERUSER, ""));
  }

  Warehouse warehouse() {
    return warehouse;
  }

  /** How a person connects to the warehouse, without any password. */
  String psqlHint() {
    return postgres != null
        ? "psql " + postgres.psqlUrl(StrataDefaults.DATABASE)
        : "psql with " + warehouse.jdbcUrl() + " as user " + warehouse.user();
  }

  /** The FX API base URL: the given one, or the sample API served from {@code fxDir}. */
  String fxApiUrl(@Nullable String given, Path fxDir) {
    if (given != null) {
      return given;
    }
    if (fxServer == null) {
      if (!Files.isDirectory(fxDir)) {
        return null;
      }
      try {
        fxServer = FxApiServer.start(fxDir, 0);
      } catch (IOException e) {
        throw new UncheckedIOException("could not serve the sample FX API from " + fxDir, e);
      }
    }
    return fxServer.url();
  }

  @Override
  public void close() {
    warehouse.closePool();
    if (fxServer != null) {
      fxServer.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static String password(StrataOptions o) {
    if (o.getJdbcPasswordFile() != null) {
      try {
        return Files.readAllLines(Path.of(o.getJdbcPasswordFile())).stream().findFirst().orElse("");
      } catch (IOException e) {
        throw new IllegalArgumentException("--jdbcPasswordFile is not readable: " + o.getJdbcPasswordFile());
      }
    }
    String fromEnv = System.getenv(StrataDefaults.JDBC_PASSWORD_ENV);
    return fromEnv == null ? "" : fromEnv;
  }
}
