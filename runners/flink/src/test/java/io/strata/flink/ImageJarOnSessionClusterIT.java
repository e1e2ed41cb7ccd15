package io.strata.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.embedded.EmbeddedKafkaBroker;
import io.strata.embedded.EmbeddedMlflowServer;
import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.embedded.MlflowEnvironment;
import io.strata.flink.cluster.FlinkSessionCluster;
import io.strata.pipelines.TestWarehouse;
import io.strata.retail.RetailProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * What the job image runs ({@code runners/docker/Dockerfile}): {@code strata.jar} alone on the
 * class path, in a folder holding no build, submitting every stage to a real session cluster. The
 * job jar it stages is the one beside it, and the ml stage trains on the TaskManager with XGBoost,
 * the default regressor, which the job jar must therefore carry.
 */
public class ImageJarOnSessionClusterIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();
  private static final Path WORK = Path.of("target", "it-image-jar").toAbsolutePath();
  private static FlinkSessionCluster cluster;
  private static EmbeddedKafkaBroker broker;

  @BeforeClass
  public static void startClusterAndBroker() throws Exception {
    Files.createDirectories(WORK);
    cluster =
        FlinkSessionCluster.start(WORK.resolve("cluster"), FlinkSessionCluster.Settings.defaults())
            .stopOnExit();
    broker = EmbeddedKafkaBroker.start(WORK.resolve("kafka-" + System.nanoTime()));
  }

  @AfterClass
  public static void stop() {
    if (broker != null) {
      broker.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  public void theImagesJarRunsEveryStageOnTheClusterAndTheMlStageFitsXgboostThere()
      throws Exception {
    String db = WAREHOUSE.newDatabase();
    String backend = WAREHOUSE.newMlflowBackend();
    // The sample's project where the image puts it, relative to the folder the run starts in.
    Path sample = RetailProject.find().orElseThrow();
    for (String part : List.of("contracts", "gold")) {
      copyFolder(sample.resolve(part), WORK.resolve(RetailProject.FOLDER).resolve(part));
    }
    Path input = WORK.resolve("input");
    // As the README's compose steps: generate the files, publish the payments, run every stage.
    strata("generate", "--outputDir=" + input, "--customers=400", "--days=84", "--seed=42");
    strata(
        "produce",
        "--kafkaBootstrapServers=" + broker.bootstrapServers(),
        "--inputDir=" + input,
        "--eventsPerSecond=0");
    try (EmbeddedMlflowServer mlflow =
        EmbeddedMlflowServer.start(
            MlflowEnvironment.ensureInstalled(), backend, WORK.resolve("mlflow-artifacts"))) {
      String output =
          strata(
              "run",
              "--runner=FlinkRunner",
              "--flinkMaster=" + cluster.master(),
              "--jdbcUrl=" + db,
              "--jdbcUser=" + EmbeddedPostgresServer.SUPERUSER,
              "--kafkaBootstrapServers=" + broker.bootstrapServers(),
              "--mlflowTrackingUri=" + mlflow.trackingUri(),
              "--inputDir=" + input,
              "--workDir=" + WORK.resolve("work"),
              "--stages=bronze,silver,gold,ml",
              "--regressor=XGBOOST");
      assertThat(output).contains("runner FlinkRunner", "every count reconciles");
    }
    assertThat(
            TestWarehouse.count(
                db,
                "SELECT count(*) FROM ops.ml_results WHERE task = 'weekly_units' AND kind = 'model'"
                    + " AND payload::text LIKE '%XGBoostRegressionTrainer%'"))
        .as("weekly-units models fitted by XGBoost")
        .isPositive();
    assertThat(cluster.taskManagerLogs())
        .as("the jobs ran on the TaskManager")
        .contains("switched from INITIALIZING to RUNNING");
  }

  /**
   * Runs {@code strata} from {@code strata.jar} alone, in a folder holding no build (so the job jar
   * staged is the one beside it); returns its output once it exited 0 within 10 minutes.
   */
  private static String strata(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Djava.io.tmpdir=" + WORK,
                "-cp",
                Path.of("target", "strata.jar").toAbsolutePath().toString(),
                "io.strata.pipelines.Strata"));
    command.addAll(List.of(args));
    Path log = WORK.resolve(args[0] + ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(WORK.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = p.waitFor(10, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(log);
    assertThat(ended).as("strata %s ended within 10 minutes:%n%s", args[0], output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  private static void copyFolder(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
