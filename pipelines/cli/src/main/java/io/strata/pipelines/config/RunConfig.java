package io.strata.pipelines.config;

import io.strata.ml.MlConfig;
import io.strata.pipelines.runner.StageOptions;
import io.strata.retail.RetailProject;
import io.strata.retail.generate.GeneratorConfig;
import io.strata.transforms.source.KafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.postgresql.Driver;

/**
 * A run's configuration: the options of {@code run} validated once, resolved (the default project,
 * the generated sample) and frozen. Nothing reads the options after this; the Beam options each
 * stage's pipeline is created with are fresh copies ({@link StageOptions}).
 *
 * @param stages the stages to run, in {@link Stage} order
 * @param streaming whether Kafka sources are read window after window until stopped
 * @param window a streaming run's window
 * @param workDir where the embedded services and the generated sample live
 * @param batchSize rows per COPY batch
 * @param warehouse where the warehouse is; absent URL: the embedded PostgreSQL
 * @param sources the project and where its sources are read
 * @param kafka the Kafka sources' cluster and the consumer group bronze commits to
 * @param mlflowTrackingUri the MLflow server; null: the embedded one
 * @param ml the ml stage's configuration
 * @param stageOptions the Beam options of each stage's pipeline
 */
public record RunConfig(
    Set<Stage> stages,
    boolean streaming,
    Duration window,
    Path workDir,
    int batchSize,
    WarehouseConfig warehouse,
    SourceConfig sources,
    KafkaConfig kafka,
    @Nullable String mlflowTrackingUri,
    MlConfig ml,
    StageOptions stageOptions) {

  /**
   * The warehouse given, or none (the embedded PostgreSQL); the password file, never the password.
   */
  public record WarehouseConfig(
      @Nullable String jdbcUrl, String user, @Nullable Path passwordFile) {}

  /**
   * The project folder; the input folder, or null for the retail sample generated as {@code sample}
   * says; the FX API's URL, or null for the sample's own.
   */
  public record SourceConfig(
      Path projectDir,
      @Nullable Path inputDir,
      @Nullable GeneratorConfig sample,
      @Nullable String fxApiUrl) {}

  /** The cluster given, or null (the embedded broker), and bronze's consumer group. */
  public record KafkaConfig(@Nullable KafkaCluster cluster, String groupId) {}

  public RunConfig {
    stages = Collections.unmodifiableSet(EnumSet.copyOf(stages));
  }

  /** Validates {@code o}; a mistake is an {@link IllegalArgumentException} naming the option. */
  public static RunConfig from(StrataOptions o) {
    Set<Stage> stages = Stage.parse(o.getStages());
    if (o.getWindowSeconds() < 1) {
      throw new IllegalArgumentException(
          "--windowSeconds must be at least 1, was " + o.getWindowSeconds());
    }
    if (o.getBatchSize() < 1) {
      throw new IllegalArgumentException("--batchSize must be at least 1, was " + o.getBatchSize());
    }
    String user = warehouseUser(o);
    Path workDir = Path.of(o.getWorkDir());
    return new RunConfig(
        stages,
        o.isStreaming(),
        Duration.ofSeconds(o.getWindowSeconds()),
        workDir,
        o.getBatchSize(),
        new WarehouseConfig(
            o.getJdbcUrl(),
            user,
            o.getJdbcPasswordFile() == null ? null : Path.of(o.getJdbcPasswordFile())),
        sources(o, workDir),
        new KafkaConfig(KafkaClusters.from(o), o.getKafkaGroupId()),
        o.getMlflowTrackingUri(),
        MlConfig.from(o),
        StageOptions.prepare(o, workDir));
  }

  /**
   * Who connects to the warehouse, the same for every client Strata runs (the pipeline, the MLflow
   * backend store, the bench, every printed hint): the {@code user} the JDBC URL names, as the
   * driver reads it, else {@code --jdbcUser}. A URL naming a password is refused: it would be
   * printed wherever the URL is.
   */
  private static String warehouseUser(StrataOptions o) {
    String url = o.getJdbcUrl();
    if (url == null) {
      return o.getJdbcUser();
    }
    Properties parsed =
        url.startsWith("jdbc:postgresql:") ? Driver.parseURL(url, new Properties()) : null;
    if (parsed == null) {
      throw new IllegalArgumentException(
          "--jdbcUrl must be a jdbc:postgresql://host:port/database URL");
    }
    if (parsed.getProperty("password") != null) {
      throw new IllegalArgumentException(
          "--jdbcUrl holds a password; take it out and give it in the environment variable "
              + StrataDefaults.JDBC_PASSWORD_ENV
              + " or in a file named by --jdbcPasswordFile");
    }
    String inUrl = parsed.getProperty("user");
    if (inUrl == null) {
      return o.getJdbcUser();
    }
    if (!o.getJdbcUser().equals(StrataDefaults.DATABASE_USER) && !o.getJdbcUser().equals(inUrl)) {
      throw new IllegalArgumentException(
          "--jdbcUrl names the user "
              + inUrl
              + " and --jdbcUser the user "
              + o.getJdbcUser()
              + "; give one");
    }
    return inUrl;
  }

  public boolean runs(Stage stage) {
    return stages.contains(stage);
  }

  private static SourceConfig sources(StrataOptions o, Path workDir) {
    Path projectDir = projectDir(o);
    if (o.getInputDir() != null) {
      Path inputDir = Path.of(o.getInputDir());
      if (!Files.isDirectory(inputDir)) {
        throw new IllegalArgumentException("--inputDir is not a folder: " + inputDir);
      }
      return new SourceConfig(projectDir, inputDir, null, o.getFxApiUrl());
    }
    GeneratorConfig sample =
        GeneratorConfig.defaults(workDir.resolve("input"))
            .withSeed(o.getSeed())
            .withDays(o.getDays())
            .withCustomers(o.getCustomers());
    return new SourceConfig(projectDir, null, sample, o.getFxApiUrl());
  }

  /** The given project folder, else the bundled retail sample. */
  public static Path projectDir(SourceOptions o) {
    if (o.getProjectDir() != null) {
      return Path.of(o.getProjectDir());
    }
    return RetailProject.find()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no --projectDir given and the retail sample ("
                        + RetailProject.FOLDER
                        + ") is not here; run from the repository root"));
  }
}
