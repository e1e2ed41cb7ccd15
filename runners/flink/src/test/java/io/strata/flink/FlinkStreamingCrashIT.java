package io.strata.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.embedded.EmbeddedKafkaBroker;
import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.flink.cluster.FlinkSessionCluster;
import io.strata.pipelines.TestWarehouse;
import io.strata.pipelines.WarehouseSnapshot;
import io.strata.pipelines.kafka.TopicPublisher;
import io.strata.retail.RetailProject;
import io.strata.retail.generate.GeneratorConfig;
import io.strata.retail.generate.RetailGenerator;
import io.strata.transforms.contract.Project;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.source.KafkaCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Streaming on a real Flink session cluster with exactly-once checkpoints, while {@code produce}
 * sends payments to a real Kafka broker: the TaskManager is killed with SIGKILL mid-stream and a
 * new one started. Once the job has recovered and the producer stopped, bronze holds exactly one
 * row per produced event, and silver, quarantine and gold equal those of a clean batch run over the
 * same events on the DirectRunner.
 */
public class FlinkStreamingCrashIT {
  private static final ObjectMapper STRICT_JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();
  private static final String PROJECT = RetailProject.find().orElseThrow().toString();
  private static final Duration WAIT = Duration.ofMinutes(4);
  private static final double EVENTS_PER_SECOND = 60;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static FlinkSessionCluster cluster;
  private static EmbeddedKafkaBroker broker;

  @BeforeClass
  public static void startServices() {
    cluster =
        FlinkSessionCluster.start(
                Path.of("target", "flink-crash-it"), FlinkSessionCluster.Settings.defaults())
            .stopOnExit();
    broker = EmbeddedKafkaBroker.start(Path.of("target", "it-kafka-crash-" + System.nanoTime()));
  }

  @AfterClass
  public static void stopServices() {
    if (broker != null) {
      broker.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  public void aKilledTaskManagerLosesAndDuplicatesNoEvent() throws Exception {
    Path input = Path.of("target", "it-crash-input").toAbsolutePath();
    RetailGenerator.generate(
        GeneratorConfig.defaults(input).withSeed(11).withDays(21).withCustomers(150));
    TableContract payments =
        Project.load(Path.of(PROJECT)).contracts().stream()
            .filter(c -> c.table().equals("payments"))
            .findFirst()
            .orElseThrow();
    List<String> events = new ArrayList<>();
    for (Path f : TopicPublisher.seedFiles(payments, input)) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          events.add(line);
        }
      }
    }
    broker.createTopic("payments", 3);
    String streamDb = WAREHOUSE.newDatabase();
    Path log = Path.of("target", "it-crash-stream.log");
    Path restartLog = Path.of("target", "it-crash-stream-restarted.log");
    Process stream = startStream(streamDb, input, log);
    Process restarted = null;
    AtomicBoolean stopProducing = new AtomicBoolean();
    CompletableFuture<Long> produced = null;
    try {
      String job =
          await(() -> runningJob(""), Optional::isPresent, "the continuous bronze job to run", log)
              .orElseThrow();
      await(
          () -> checkpoints(job).path("counts").path("completed").asLong() >= 1,
          "a first checkpoint",
          log);

      long t0 = System.nanoTime();
      produced =
          CompletableFuture.supplyAsync(
              () ->
                  TopicPublisher.publish(
                      KafkaCluster.plaintext(broker.bootstrapServers()),
                      payments,
                      input,
                      EVENTS_PER_SECOND,
                      stopProducing::get));
      await(
          () -> bronzeRows(streamDb) >= events.size() / 3, "a third of the events in bronze", log);
      long beforeKill = bronzeRows(streamDb);
      long completedBeforeKill = checkpoints(job).path("counts").path("completed").asLong();
      long killedAt = System.nanoTime();
      cluster.killTaskManager();
      cluster.startTaskManager();
      // Recovered: restored from a checkpoint, and a checkpoint completed since.
      await(
          () -> {
            JsonNode c = checkpoints(job);
            return c.path("counts").path("restored").asLong() >= 1
                && c.path("counts").path("completed").asLong() > completedBeforeKill + 1;
          },
          "the job to restore from a checkpoint and complete new ones",
          log);
      double recoverySeconds = (System.nanoTime() - killedAt) / 1e9;

      long sent = produced.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(sent).isEqualTo(events.size());
      await(() -> bronzeRows(streamDb) >= sent, "every produced event in bronze", log);
      double producedSeconds = (System.nanoTime() - t0) / 1e9;

      // Now the driver dies outright: its unbounded job runs on, until the warehouse's next run
      // cancels it.
      stream.destroyForcibly();
      assertThat(stream.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(runningJob(job)).contains(job);
      restarted = startStream(streamDb, input, restartLog);
      await(() -> runningJob(job).isEmpty(), "the dead driver's job to be cancelled", restartLog);
      String second =
          await(
                  () -> runningJob(""),
                  Optional::isPresent,
                  "the restarted stream's job to run",
                  restartLog)
              .orElseThrow();
      assertThat(second).isNotEqualTo(job);
      long windows = windowsDone(streamDb);
      await(
          () -> windowsDone(streamDb) >= windows + 2,
          "two windows of the restarted stream",
          restartLog);
      restarted.destroy();
      assertThat(restarted.waitFor(3, TimeUnit.MINUTES)).as("the stream stops on SIGTERM").isTrue();
      // The JVM reports SIGTERM as its exit status whatever the run returned: the log tells how it
      // stopped.
      String output = Files.readString(restartLog);
      assertThat(output)
          .contains(
              "streaming: cancelled strata-stream-",
              "written continuously",
              "streaming: stopped between windows")
          .doesNotContain("RECONCILIATION FAILED");
      System.out.printf(
          "crash test: %d events at %.0f/s in %.1f s; TaskManager killed with %d events in bronze;"
              + " restored and checkpointing again %.1f s after the kill; driver killed and restarted; %d windows, %d of them failed%n",
          sent,
          EVENTS_PER_SECOND,
          producedSeconds,
          beforeKill,
          recoverySeconds,
          windowsDone(streamDb),
          TestWarehouse.count(streamDb, "SELECT count(*) FROM ops.runs WHERE status = 'failed'"));

      // Exactly one bronze row per produced event: the same multiset of events (identity fields,
      // or the raw text of one that could not be read), offsets without gaps.
      assertThat(
              TestWarehouse.rows(
                      streamDb,
                      "SELECT CASE WHEN reject_code IS NOT NULL THEN payload ELSE"
                          + " concat_ws('|', payment_id, status, event_ts) END FROM bronze.payments")
                  .stream()
                  .map(r -> r.get(0))
                  .sorted()
                  .toList())
          .isEqualTo(events.stream().map(FlinkStreamingCrashIT::identity).sorted().toList());
      assertThat(
              TestWarehouse.count(
                  streamDb,
                  "SELECT count(*) FROM (SELECT source FROM bronze.payments GROUP BY source"
                      + " HAVING count(*) <> max(position) + 1) gaps"))
          .isZero();
      // The commit log the windows claimed (the dead driver's last commits too) counts each event
      // once as new.
      assertThat(TestWarehouse.count(streamDb, "SELECT sum(bronze_new) FROM ops.bronze_commits"))
          .isEqualTo(events.size());
      assertThat(
              TestWarehouse.count(
                  streamDb, "SELECT count(*) FROM ops.bronze_commits WHERE window_run_id IS NULL"))
          .isZero();
      assertThat(
              TestWarehouse.count(
                  streamDb, "SELECT count(*) FROM ops.runs WHERE status = 'running'"))
          .isZero();
      // A window may fail with the TaskManager under its job (the next one redoes it); none may
      // fail to reconcile.
      assertThat(
              TestWarehouse.count(
                  streamDb,
                  "SELECT count(*) FROM ops.runs WHERE status = 'failed' AND message LIKE '% != %'"))
          .isZero();
      assertThat(
              TestWarehouse.count(
                  streamDb, "SELECT count(*) FROM ops.runs WHERE status = 'succeeded'"))
          .isGreaterThan(windows);

      String cleanDb = WAREHOUSE.newDatabase();
      TestWarehouse.RunResult clean =
          TestWarehouse.run(
              cleanDb,
              "--inputDir=" + input,
              "--projectDir=" + PROJECT,
              "--kafkaBootstrapServers=" + broker.bootstrapServers(),
              "--kafkaGroupId=strata-clean-batch");
      assertThat(clean.exit()).as(clean.output()).isZero();
      WarehouseSnapshot expected = WarehouseSnapshot.of(cleanDb);
      WarehouseSnapshot actual = WarehouseSnapshot.of(streamDb);
      assertThat(expected.silver().get("payments")).doesNotStartWith("0 rows");
      assertThat(actual.silver()).isEqualTo(expected.silver());
      assertThat(actual.quarantine()).isEqualTo(expected.quarantine());
      assertThat(actual.gold()).isEqualTo(expected.gold());
    } finally {
      stopProducing.set(true);
      if (produced != null) {
        produced.handle((n, e) -> n).get(30, TimeUnit.SECONDS);
      }
      for (Process p : restarted == null ? List.of(stream) : List.of(stream, restarted)) {
        if (p.isAlive()) {
          p.destroyForcibly();
          p.waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** A running continuous bronze job whose id starts with {@code idPrefix}. */
  private static Optional<String> runningJob(String idPrefix) {
    return cluster
        .get("jobs/overview")
        .map(FlinkStreamingCrashIT::json)
        .flatMap(
            o -> {
              for (JsonNode j : o.path("jobs")) {
                if (j.path("name").asText().startsWith("strata-stream-")
                    && j.path("jid").asText().startsWith(idPrefix)
                    && j.path("state").asText().equals("RUNNING")
                    && j.path("tasks").path("running").asInt() > 0) {
                  return Optional.of(j.path("jid").asText());
                }
              }
              return Optional.empty();
            });
  }

  private static Process startStream(String db, Path input, Path log) throws IOException {
    return TestWarehouse.startRun(
        log,
        "--jdbcUrl=" + db,
        "--jdbcUser=" + EmbeddedPostgresServer.SUPERUSER,
        "--inputDir=" + input,
        "--projectDir=" + PROJECT,
        "--workDir=target/it-crash-work",
        "--stages=bronze,silver,gold",
        "--kafkaBootstrapServers=" + broker.bootstrapServers(),
        "--streaming",
        "--windowSeconds=5",
        "--runner=FlinkRunner",
        "--flinkMaster=" + cluster.master(),
        "--parallelism=1",
        "--checkpointingInterval=2000",
        "--checkpointingMode=EXACTLY_ONCE");
  }

  private static JsonNode checkpoints(String job) {
    return cluster
        .get("jobs/" + job + "/checkpoints")
        .map(FlinkStreamingCrashIT::json)
        .orElse(JSON.createObjectNode());
  }

  private static long bronzeRows(String db) {
    return countOrZero(db, "SELECT count(*) FROM bronze.payments");
  }

  private static long windowsDone(String db) {
    return countOrZero(
        db, "SELECT count(*) FROM ops.runs WHERE window_no >= 1 AND status <> 'running'");
  }

  /** Zero while the run has not created the table yet. */
  private static long countOrZero(String db, String sql) {
    try {
      return TestWarehouse.count(db, sql);
    } catch (SQLException e) {
      return 0;
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code value} until {@code ready} accepts it, or fails with the stream's log. */
  private static <T> T await(Supplier<T> value, Predicate<T> ready, String what, Path log)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      T v = value.get();
      if (ready.test(v)) {
        return v;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "waited " + WAIT.toSeconds() + " s for " + what + "\n" + Files.readString(log));
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  private static void await(BooleanSupplier ready, String what, Path log) throws Exception {
    await(ready::getAsBoolean, b -> b, what, log);
  }

  /** An event as bronze keeps it: its identity fields, or its raw text when not a JSON object. */
  private static String identity(String line) {
    try {
      JsonNode node = STRICT_JSON.readTree(line);
      if (node.isObject()) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("payment_id", "status", "event_ts")) {
          JsonNode v = node.get(field);
          if (v != null && !v.isNull()) {
            parts.add(v.isValueNode() ? v.asText() : v.toString());
          }
        }
        return String.join("|", parts);
      }
    } catch (IOException e) {
      // not JSON: kept raw
    }
    return line;
  }
}
