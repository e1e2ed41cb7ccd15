package io.strata.pipelines;

import io.strata.embedded.EmbeddedKafkaBroker;
import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.pipelines.kafka.TopicPublisher;
import io.strata.pipelines.retail.FxApiServer;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The services a run talks to: the ones given by options, or embedded ones started here and
 * stopped by {@link #close()}. Embedded PostgreSQL keeps its data under the work folder, so a
 * second run sees the first one's warehouse. The embedded Kafka broker formats a fresh log on every
 * start and is seeded again from the input files, which land at the same offsets every time.
 */
final class Services implements AutoCloseable {
  private final @Nullable EmbeddedPostgresServer postgres;
  private final Warehouse warehouse;
  private @Nullable FxApiServer fxServer;
  private @Nullable EmbeddedKafkaBroker kafka;

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

  /**
   * The Kafka bootstrap servers: the given ones, read as they are, or an embedded broker started
   * under the work folder with each Kafka contract's topic (3 partitions) seeded
   * from its files under {@code inputDir}. Null when there is no Kafka contract.
   */
  @Nullable String kafkaBootstrapServers(StrataOptions o, List<TableContract> kafkaTables, Path inputDir, PrintStream out) {
    if (o.getKafkaBootstrapServers() != null) {
      return o.getKafkaBootstrapServers();
    }
    if (kafkaTables.isEmpty()) {
      return null;
    }
    if (kafka == null) {
      kafka = startKafka(o);
      for (TableContract c : kafkaTables) {
        kafka.createTopic(c.source().topic(), StrataDefaults.PAYMENTS_PARTITIONS);
        long published = TopicPublisher.publish(kafka.bootstrapServers(), c, inputDir);
        out.printf("kafka: published %d records to topic %s of the embedded broker %s%n", published, c.source().topic(), kafka.bootstrapServers());
      }
    }
    return kafka.bootstrapServers();
  }

  /** For {@code stack}: the given bootstrap servers, or an embedded broker with an empty payments topic. */
  String kafkaForStack(StrataOptions o) {
    if (o.getKafkaBootstrapServers() != null) {
      return o.getKafkaBootstrapServers();
    }
    if (kafka == null) {
      kafka = startKafka(o);
      kafka.createTopic(StrataDefaults.PAYMENTS_TOPIC, StrataDefaults.PAYMENTS_PARTITIONS);
    }
    return kafka.bootstrapServers();
  }

  private static EmbeddedKafkaBroker startKafka(StrataOptions o) {
    return EmbeddedKafkaBroker.start(Path.of(o.getWorkDir(), "kafka"));
  }

  @Override
  public void close() {
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
