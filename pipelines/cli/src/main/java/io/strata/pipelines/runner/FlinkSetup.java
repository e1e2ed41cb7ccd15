package io.strata.pipelines.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobStatusMessage;

/**
 * What the FlinkRunner needs before the first stage's pipeline is built; a no-op on any other
 * runner. Transforms never see the runner: this only fills in Flink options left unset.
 *
 * <ul>
 *   <li>On a mini-cluster ({@code [local]}, {@code [auto]}) started from a class loader other than
 *       the system one ({@code mvn exec:java}), Flink would resolve the job's classes through the
 *       system class loader, which holds no Flink. Naming an empty folder as the job's class path
 *       makes Flink build a user class loader whose parent is the one that loaded Flink.
 *   <li>On a session cluster ({@code --flinkMaster=host:port}) without {@code --filesToStage}, the
 *       one shaded job jar ({@value #JOB_JAR}) is staged: the raw class path would carry Flink
 *       itself and the PostgreSQL binaries, and takes four times longer to ship.
 * </ul>
 */
public final class FlinkSetup {
  /**
   * Where {@code mvn -pl runners/flink -am package} leaves the job jar, from the repository root.
   */
  public static final String JOB_JAR = "runners/flink/target/strata-flink-job.jar";

  private static final Set<String> MINI_CLUSTER = Set.of("[local]", "[auto]", "[collection]");
  private static final Duration REST_TIMEOUT = Duration.ofSeconds(60);

  private FlinkSetup() {}

  /**
   * Fills in the Flink options a run needs, on the copy {@link StageOptions} owns (never on the
   * options a user gave); {@code workDir} holds the generated Flink configuration.
   */
  static void prepare(PipelineOptions options, Path workDir) {
    if (!FlinkRunner.class.equals(options.getRunner())) {
      return;
    }
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    if (MINI_CLUSTER.contains(flink.getFlinkMaster())) {
      if (flink.getFlinkConfDir() == null && !systemClassLoaderSeesFlink()) {
        flink.setFlinkConfDir(writeClassPathConfig(workDir.resolve("flink-conf")).toString());
      }
    } else if (flink.getFilesToStage() == null) {
      flink.setFilesToStage(List.of(jobJar().toString()));
    }
  }

  /**
   * Whether the run's runner takes checkpoints (the FlinkRunner with {@code
   * --checkpointingInterval}): then a streaming run can read Kafka with one unbounded job, since
   * offsets are committed only as checkpoints complete. Other runners (the DirectRunner finalizes a
   * Kafka read before its records are written) stream in bounded windows instead.
   */
  public static boolean checkpoints(PipelineOptions options) {
    if (!FlinkRunner.class.equals(options.getRunner())) {
      return false;
    }
    Long interval = options.as(FlinkPipelineOptions.class).getCheckpointingInterval();
    return interval != null && interval > 0;
  }

  /**
   * Cancels the running jobs of the cluster named in {@code jobNames}; returns their names. A
   * driver killed outright never cancels its unbounded job, which would go on running and holding a
   * task slot: the next run of its warehouse cancels it. A mini-cluster dies with its driver: a
   * no-op there.
   */
  public static List<String> cancelJobs(PipelineOptions options, Set<String> jobNames) {
    String master = options.as(FlinkPipelineOptions.class).getFlinkMaster();
    if (jobNames.isEmpty() || MINI_CLUSTER.contains(master)) {
      return List.of();
    }
    URI address = URI.create(master.contains("://") ? master : "http://" + master);
    Configuration config = new Configuration();
    config.set(RestOptions.ADDRESS, address.getHost());
    config.set(
        RestOptions.PORT,
        address.getPort() > 0 ? address.getPort() : RestOptions.PORT.defaultValue());
    List<String> cancelled = new ArrayList<>();
    try (RestClusterClient<StandaloneClusterId> client =
        new RestClusterClient<>(config, StandaloneClusterId.getInstance())) {
      for (JobStatusMessage job :
          client.listJobs().get(REST_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        if (jobNames.contains(job.getJobName()) && !job.getJobState().isGloballyTerminalState()) {
          client.cancel(job.getJobId()).get(REST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          cancelled.add(job.getJobName());
        }
      }
      return cancelled;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while cancelling leftover jobs on " + master, e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not list or cancel the jobs of the Flink cluster at "
              + master
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static boolean systemClassLoaderSeesFlink() {
    return ClassLoader.getSystemClassLoader()
            .getResource("org/apache/flink/api/common/ExecutionConfig.class")
        != null;
  }

  private static Path writeClassPathConfig(Path confDir) {
    try {
      Path empty = Files.createDirectories(confDir.resolve("empty-classpath")).toAbsolutePath();
      Files.writeString(
          confDir.resolve("flink-conf.yaml"), "pipeline.classpaths: " + empty.toUri() + "\n");
      return confDir.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the Flink configuration under " + confDir, e);
    }
  }

  /**
   * The shaded job jar: beside the jar this class came from (an image's {@code strata.jar}), else
   * from the repository root or a module folder.
   */
  static Path jobJar() {
    Optional<Path> found =
        Stream.concat(
                besideOwnJar().stream(),
                Stream.of(Path.of(JOB_JAR), Path.of("..", JOB_JAR), Path.of("..", "..", JOB_JAR)))
            .filter(Files::isRegularFile)
            .findFirst();
    return found
        .map(p -> p.toAbsolutePath().normalize())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "--flinkMaster names a cluster, but there is no "
                        + JOB_JAR
                        + " to submit: build it with "
                        + "'mvn -pl runners/flink -am package -DskipTests' or pass --filesToStage=<job jar>"));
  }

  private static Optional<Path> besideOwnJar() {
    CodeSource source = FlinkSetup.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return Optional.empty();
    }
    try {
      Path own = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(own)
          ? Optional.of(own.resolveSibling(Path.of(JOB_JAR).getFileName()))
          : Optional.empty(); // classes from a folder: a build, which the paths below cover
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty(); // not a local file
    }
  }
}
