package io.strata.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.flink.cluster.FlinkSessionCluster;
import io.strata.pipelines.TestWarehouse;
import io.strata.pipelines.WarehouseSnapshot;
import io.strata.retail.RetailProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The batch pipeline submitted to a real Flink session cluster (JobManager and TaskManager in their
 * own JVMs, the shaded job jar staged by default) against a real PostgreSQL on loopback: gold and
 * the ledger equal the DirectRunner's on the same input.
 */
public class FlinkSessionClusterIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();
  private static final String INPUT = "../../pipelines/cli/src/test/resources/retail-by-hand";
  private static final String PROJECT = RetailProject.find().orElseThrow().toString();
  private static FlinkSessionCluster cluster;

  @BeforeClass
  public static void startCluster() {
    long t0 = System.nanoTime();
    cluster =
        FlinkSessionCluster.start(
                Path.of("target", "flink-cluster-it"), FlinkSessionCluster.Settings.defaults())
            .stopOnExit();
    System.out.printf(
        "cluster started in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, cluster.status());
  }

  @AfterClass
  public static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  public void killedTaskManagerIsDroppedAndAReplacementRegisters() throws Exception {
    long t0 = System.nanoTime();
    cluster.killTaskManager();
    cluster.startTaskManager();
    long replaced = System.nanoTime();
    long deadline = replaced + 60_000_000_000L;
    // One TaskManager, seen steadily for 2 s: the overview can pass through 1 while the new one
    // registers.
    int steady = 0;
    while (steady < 8 && System.nanoTime() < deadline) {
      steady = cluster.registeredTaskManagers() == 1 ? steady + 1 : 0;
      Thread.sleep(250);
    }
    System.out.printf(
        "TaskManager killed and replaced in %.1f s; the dead one dropped %.1f s later%n",
        (replaced - t0) / 1e9, (System.nanoTime() - replaced) / 1e9);
    assertThat(cluster.registeredTaskManagers()).isEqualTo(1);
  }

  @Test
  public void batchRunOnTheSessionClusterGivesTheDirectRunnersGoldAndLedger() throws Exception {
    assertThat(Path.of("target", "strata-flink-job.jar")).isRegularFile();
    String direct = WAREHOUSE.newDatabase();
    String flink = WAREHOUSE.newDatabase();
    TestWarehouse.RunResult onDirect =
        TestWarehouse.run(direct, "--inputDir=" + INPUT, "--projectDir=" + PROJECT);
    assertThat(onDirect.exit()).as(onDirect.output()).isZero();

    long t0 = System.nanoTime();
    TestWarehouse.RunResult onCluster =
        TestWarehouse.run(
            flink,
            "--inputDir=" + INPUT,
            "--projectDir=" + PROJECT,
            "--runner=FlinkRunner",
            "--flinkMaster=" + cluster.master());
    System.out.printf("batch run on the cluster took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertThat(onCluster.exit()).as(onCluster.output()).isZero();
    assertThat(onCluster.output()).contains("runner FlinkRunner", "every count reconciles");
    // The jobs ran on the TaskManager, not in this JVM.
    assertThat(cluster.taskManagerLogs()).contains("switched from INITIALIZING to RUNNING");

    WarehouseSnapshot expected = WarehouseSnapshot.of(direct);
    // Every SQL model has rows (the ml stage's tables stay empty: these runs stop at gold).
    try (var models = Files.list(Path.of(PROJECT, "gold"))) {
      for (String model :
          models.map(m -> m.getFileName().toString().replace(".sql", "")).toList()) {
        assertThat(expected.gold().get(model)).as(model).isNotNull().isNotEqualTo("0 rows, md5 -");
      }
    }
    WarehouseSnapshot actual = WarehouseSnapshot.of(flink);
    assertThat(actual.silver()).isEqualTo(expected.silver());
    assertThat(actual.quarantine()).isEqualTo(expected.quarantine());
    assertThat(actual.gold()).isEqualTo(expected.gold());
    assertThat(actual.ledger()).isNotEmpty().isEqualTo(expected.ledger());

    // Each of the run's seven jobs had its own class loader. Once its DoFns are torn down nothing
    // of
    // Strata's pins it (the pools close, the JDBC driver is deregistered), so they do not pile up
    // on a
    // long-lived TaskManager; only the newest may linger while the driver's cleanup thread idles
    // out.
    long deadline = System.nanoTime() + 60_000_000_000L;
    long live = liveJobClassLoaders();
    while (live > 1 && System.nanoTime() < deadline) {
      Thread.sleep(2000);
      live = liveJobClassLoaders();
    }
    assertThat(live)
        .as("job class loaders alive on the TaskManager after a full GC")
        .isLessThanOrEqualTo(1);
  }

  /**
   * Flink's child-first job class loaders alive on the TaskManagers; jcmd's class histogram runs a
   * full GC first.
   */
  private static long liveJobClassLoaders() throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Pattern row =
        Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+\\S*ChildFirstClassLoader\\b");
    long live = 0;
    try (var files = Files.list(cluster.dir())) {
      for (Path pidFile :
          files
              .filter(f -> f.getFileName().toString().matches("taskmanager-\\d+\\.pid"))
              .toList()) {
        Process p =
            new ProcessBuilder(jcmd, Files.readString(pidFile).trim(), "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        String histogram =
            new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Matcher m = row.matcher(histogram);
        while (m.find()) {
          live += Long.parseLong(m.group(1));
        }
      }
    }
    return live;
  }
}
