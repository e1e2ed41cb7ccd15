package io.strata.pipelines;

import io.strata.embedded.EmbeddedKafkaBroker;
import io.strata.embedded.EmbeddedMlflowServer;
import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.embedded.MlflowEnvironment;
import io.strata.pipelines.config.RunConfig;
import io.strata.pipelines.config.StrataDefaults;
import io.strata.pipelines.kafka.TopicPublisher;
import io.strata.retail.FxApiServer;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.source.KafkaCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The services a run talks to: the ones given by options, or embedded ones started here and stopped
 * by {@link #close()}. Embedded PostgreSQL keeps its data under the work folder, so a second run
 * sees the first one's warehouse. The embedded Kafka broker formats a fresh log on every start and
 * is seeded again from the input files, which land at the same offsets every time.
 */
public final class Services implements AutoCloseable {
  private final @Nullable EmbeddedPostgresServer postgres;
  private final Warehouse warehouse;
  private @Nullable FxApiServer fxServer;
  private @Nullable EmbeddedKafkaBroker kafka;
  private @Nullable EmbeddedMlflowServer mlflow;
  private final String password;
  private final Path workDir;

  private Services(
      @Nullable EmbeddedPostgresServer postgres,
      Warehouse warehouse,
      String password,
      Path workDir) {
    this.postgres = postgres;
    this.warehouse = warehouse;
    this.password = password;
    this.workDir = workDir;
  }

  /** The given warehouse, or an embedded PostgreSQL with its data under {@code workDir}. */
  public static Services start(RunConfig.WarehouseConfig given, Path workDir) {
    if (given.jdbcUrl() != null) {
      String password = password(given);
      return new Services(
          null, new Warehouse(given.jdbcUrl(), given.user(), password), password, workDir);
    }
    EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(workDir.resolve("postgres"));
    pg.ensureDatabase(StrataDefaults.DATABASE);
    return new Services(
        pg,
        new Warehouse(pg.jdbcUrl(StrataDefaults.DATABASE), EmbeddedPostgresServer.SUPERUSER, ""),
        "",
        workDir);
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  /** The warehouse password, for a child process's environment; never for a log or an argument. */
  public String password() {
    return password;
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

  /**
   * The Kafka cluster: the given one, read as it is, or an embedded broker started under the work
   * folder with each Kafka contract's topic (3 partitions) seeded from its files under {@code
   * inputDir}. Null when there is no Kafka contract.
   */
  @Nullable KafkaCluster kafka(
      @Nullable KafkaCluster given,
      List<TableContract> kafkaTables,
      Path inputDir,
      PrintStream out) {
    if (given != null) {
      return given;
    }
    if (kafkaTables.isEmpty()) {
      return null;
    }
    if (kafka == null) {
      kafka = startKafka();
      for (TableContract c : kafkaTables) {
        kafka.createTopic(c.source().topic(), StrataDefaults.PAYMENTS_PARTITIONS);
        long published = TopicPublisher.publish(embeddedCluster(), c, inputDir);
        out.printf(
            "kafka: published %d records to topic %s of the embedded broker %s%n",
            published, c.source().topic(), kafka.bootstrapServers());
      }
    }
    return embeddedCluster();
  }

  /** The embedded broker listens in plain text on loopback. */
  private KafkaCluster embeddedCluster() {
    return KafkaCluster.plaintext(kafka.bootstrapServers());
  }

  /**
   * For {@code stack}: the given bootstrap servers, or an embedded broker with an empty payments
   * topic.
   */
  String kafkaForStack(@Nullable String given) {
    if (given != null) {
      return given;
    }
    if (kafka == null) {
      kafka = startKafka();
      kafka.createTopic(StrataDefaults.PAYMENTS_TOPIC, StrataDefaults.PAYMENTS_PARTITIONS);
    }
    return kafka.bootstrapServers();
  }

  private EmbeddedKafkaBroker startKafka() {
    return EmbeddedKafkaBroker.start(workDir.resolve("kafka"));
  }

  /**
   * The MLflow tracking URI: the given one, or a pinned MLflow (installed once into its cached
   * virtual environment) started here with its backend store in the database mlflow of the
   * warehouse's PostgreSQL server (created if missing) and its artifacts under the work folder.
   */
  String mlflowTrackingUri(@Nullable String given) {
    if (given != null) {
      return given;
    }
    if (mlflow == null) {
      String backend;
      if (postgres != null) {
        postgres.ensureDatabase(StrataDefaults.MLFLOW_DATABASE);
        backend = postgres.psqlUrl(StrataDefaults.MLFLOW_DATABASE);
      } else {
        ensureDatabase(warehouse, StrataDefaults.MLFLOW_DATABASE);
        backend =
            backendStoreUri(
                warehouse.jdbcUrl(), warehouse.user(), password, StrataDefaults.MLFLOW_DATABASE);
      }
      mlflow =
          EmbeddedMlflowServer.start(
              MlflowEnvironment.ensureInstalled(),
              backend,
              workDir.resolve("mlflow").resolve("artifacts"));
    }
    return mlflow.trackingUri();
  }

  /**
   * {@code jdbc:postgresql://h:p/db?x} as the SQLAlchemy URI of {@code database} on the same
   * server; it holds the password, which the MLflow server takes from its environment, not argv.
   */
  public static String backendStoreUri(
      String jdbcUrl, String user, String password, String database) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String credentials =
        URLEncoder.encode(user, StandardCharsets.UTF_8)
            + (password.isEmpty() ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8));
    // Of the JDBC parameters, sslmode and sslrootcert mean the same to libpq, which MLflow's
    // SQLAlchemy uses: verify-full against the same root certificate as the warehouse. (sslcert and
    // sslkey do not: pgjdbc reads a DER or PKCS-12 key, libpq a PEM one.)
    String tls =
        uri.getRawQuery() == null
            ? ""
            : java.util.Arrays.stream(uri.getRawQuery().split("&"))
                .filter(p -> p.startsWith("sslmode=") || p.startsWith("sslrootcert="))
                .collect(java.util.stream.Collectors.joining("&"));
    return "postgresql://"
        + credentials
        + "@"
        + uri.getHost()
        + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
        + "/"
        + database
        + (tls.isEmpty() ? "" : "?" + tls);
  }

  private static void ensureDatabase(Warehouse w, String database) {
    try (Connection c = w.connect()) {
      EmbeddedPostgresServer.ensureDatabase(c, database);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not create the MLflow database "
              + database
              + " on the warehouse server: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void close() {
    if (mlflow != null) {
      mlflow.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    warehouse.closePool();
    if (fxServer != null) {
      fxServer.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static String password(RunConfig.WarehouseConfig given) {
    if (given.passwordFile() != null) {
      try {
        return Files.readAllLines(given.passwordFile()).stream().findFirst().orElse("");
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "--jdbcPasswordFile is not readable: " + given.passwordFile());
      }
    }
    String fromEnv = System.getenv(StrataDefaults.JDBC_PASSWORD_ENV);
    return fromEnv == null ? "" : fromEnv;
  }
}
