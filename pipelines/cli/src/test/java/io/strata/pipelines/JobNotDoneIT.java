package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.embedded.EmbeddedKafkaBroker;
import io.strata.pipelines.config.StrataDefaults;
import io.strata.pipelines.kafka.TopicPublisher;
import io.strata.retail.RetailProject;
import io.strata.transforms.contract.Project;
import io.strata.transforms.job.EndsInStateRunner;
import io.strata.transforms.source.KafkaCluster;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A stage whose job ends FAILED or CANCELLED, as some runners report it from {@code
 * waitUntilFinish} instead of throwing, moves nothing: no Kafka offset, no silver watermark, no
 * ledger figure, nothing logged or scored; the run fails saying so, and the next run does the work.
 */
public class JobNotDoneIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();

  private static final String INPUT = "--inputDir=" + HandFixture.DIR;
  private static final String RUNNER = "--runner=" + EndsInStateRunner.class.getName();
  private static EmbeddedKafkaBroker broker;
  private static long published;

  @BeforeClass
  public static void brokerWithThePayments() {
    PipelineOptionsFactory.register(EndsInStateRunner.Options.class);
    broker = EmbeddedKafkaBroker.start(Path.of("target", "it-not-done-" + System.nanoTime()));
    broker.createTopic(StrataDefaults.PAYMENTS_TOPIC, StrataDefaults.PAYMENTS_PARTITIONS);
    published =
        TopicPublisher.publish(
            KafkaCluster.plaintext(broker.bootstrapServers()),
            Project.load(RetailProject.find().orElseThrow()).contract("payments"),
            HandFixture.DIR);
  }

  @AfterClass
  public static void stopBroker() {
    broker.close();
  }

  private static String kafka() {
    return "--kafkaBootstrapServers=" + broker.bootstrapServers();
  }

  @Test
  public void aCancelledBronzeJobCommitsNoOffsetAndWritesNoLedgerFigure() throws Exception {
    String db = WAREHOUSE.newDatabase();
    String group = "--kafkaGroupId=it-cancelled-bronze";

    TestWarehouse.RunResult cancelled =
        TestWarehouse.run(
            db, INPUT, kafka(), group, "--stages=bronze", RUNNER, "--endState=CANCELLED");

    assertThat(cancelled.exit()).as(cancelled.output()).isEqualTo(1);
    assertThat(cancelled.output()).contains("the bronze job ended CANCELLED");
    assertThat(ConsumerGroups.committedOffsets(broker.bootstrapServers(), "it-cancelled-bronze"))
        .isZero();
    assertThat(TestWarehouse.count(db, "SELECT count(*) FROM ops.table_counts")).isZero();
    assertThat(TestWarehouse.rows(db, "SELECT status FROM ops.runs"))
        .containsExactly(List.of("failed"));

    TestWarehouse.RunResult next = TestWarehouse.run(db, INPUT, kafka(), group, "--stages=bronze");

    assertThat(next.exit()).as(next.output()).isZero();
    assertThat(ConsumerGroups.committedOffsets(broker.bootstrapServers(), "it-cancelled-bronze"))
        .isEqualTo(published);
    assertThat(TestWarehouse.count(db, "SELECT count(*) FROM bronze.payments"))
        .isEqualTo(published);
  }

  @Test
  public void aFailedSilverJobMovesNoWatermarkAndTheNextRunDoesItsWork() throws Exception {
    String db = WAREHOUSE.newDatabase();
    String group = "--kafkaGroupId=it-failed-silver";
    assertThat(TestWarehouse.run(db, INPUT, kafka(), group, "--stages=bronze").exit()).isZero();

    TestWarehouse.RunResult failed =
        TestWarehouse.run(
            db, INPUT, kafka(), group, "--stages=silver", RUNNER, "--endState=FAILED");

    assertThat(failed.exit()).as(failed.output()).isEqualTo(1);
    assertThat(failed.output()).contains("the silver job ended FAILED");
    assertThat(TestWarehouse.count(db, "SELECT count(*) FROM ops.silver_watermarks")).isZero();
    assertThat(
            TestWarehouse.count(
                db,
                "SELECT count(*) FROM ops.table_counts WHERE run_id ="
                    + " (SELECT run_id FROM ops.runs WHERE status = 'failed')"))
        .isZero();

    TestWarehouse.RunResult next = TestWarehouse.run(db, INPUT, kafka(), group, "--stages=silver");

    assertThat(next.exit()).as(next.output()).isZero();
    assertThat(TestWarehouse.count(db, "SELECT count(*) FROM silver.orders")).isPositive();
    assertThat(TestWarehouse.count(db, "SELECT count(*) FROM ops.silver_watermarks")).isEqualTo(6);
  }

  @Test
  public void aFailedMlJobLogsRegistersAndScoresNothing() throws Exception {
    String db = WAREHOUSE.newDatabase();
    // A generated sample long enough for weekly windows (the hand-made one spans two days).
    String[] sample = {"--workDir=target/it-not-done-ml", "--customers=400", "--days=84"};
    assertThat(TestWarehouse.run(db, sample).exit()).isZero();

    // Nothing listens on port 1: a stage that went on to MLflow would fail differently.
    TestWarehouse.RunResult failed =
        TestWarehouse.run(
            db,
            sample[0],
            sample[1],
            sample[2],
            "--stages=ml",
            "--mlflowTrackingUri=http://127.0.0.1:1",
            RUNNER,
            "--endState=FAILED");

    assertThat(failed.exit()).as(failed.output()).isEqualTo(1);
    assertThat(failed.output()).contains("the ml job ended FAILED");
    assertThat(TestWarehouse.count(db, "SELECT count(*) FROM ops.ml_results")).isZero();
    assertThat(TestWarehouse.count(db, "SELECT count(*) FROM gold.customer_scores")).isZero();
  }
}
