package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.pipelines.kafka.TopicPublisher;
import io.strata.retail.RetailProject;
import io.strata.transforms.contract.Project;
import io.strata.transforms.source.KafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The payments read from a broker that speaks SASL_SSL, as OCI Streaming does: SCRAM-SHA-256
 * credentials and a certificate from a CA the test makes, trusted through {@code
 * --kafkaTruststore}. Published through the same security (the password from a file), read exactly
 * once on the DirectRunner and on Flink (the password from {@value KafkaCluster#PASSWORD_ENV}); a
 * wrong password fails within 30 s with one clear line.
 */
public class KafkaSaslSslIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();

  private static final Path WORK = Path.of("target", "it-kafka-sasl-ssl").toAbsolutePath();
  private static final String USER = "strata-reader";
  private static final String PASSWORD = "scram-Pa55-" + System.nanoTime();
  private static SecureKafka kafka;
  private static long published;

  @BeforeClass
  public static void secureBrokerWithThePayments() throws Exception {
    kafka = SecureKafka.start(WORK, USER, PASSWORD);
    Path passwordFile = WORK.resolve("kafka-password");
    Files.writeString(passwordFile, PASSWORD); // no line break: the whole file is the password
    published =
        TopicPublisher.publish(
            cluster(passwordFile.toString()),
            Project.load(RetailProject.find().orElseThrow()).contract("payments"),
            HandFixture.DIR);
    assertThat(published).isPositive();
  }

  @AfterClass
  public static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static KafkaCluster cluster(String passwordFile) {
    return new KafkaCluster(
        kafka.broker().secureBootstrapServers(),
        "SASL_SSL",
        "SCRAM-SHA-256",
        USER,
        kafka.certificates().rootCertificate().toString(),
        passwordFile);
  }

  private static Process run(String db, String group, String password, String... more)
      throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--jdbcUrl=" + db,
                "--jdbcUser=" + EmbeddedPostgresServer.SUPERUSER,
                "--workDir=" + WORK.resolve("work"),
                "--inputDir=" + HandFixture.DIR.toAbsolutePath(),
                "--stages=bronze",
                "--kafkaGroupId=" + group));
    args.addAll(kafka.runOptions());
    args.addAll(List.of(more));
    return TestWarehouse.startRun(
        WORK.resolve(group + ".log"),
        Map.of(KafkaCluster.PASSWORD_ENV, password),
        args.toArray(String[]::new));
  }

  private static String awaitExit(Process p, String group, int exit) throws Exception {
    boolean ended = p.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(WORK.resolve(group + ".log"));
    assertThat(ended).as(output).isTrue();
    assertThat(p.exitValue()).as(output).isEqualTo(exit);
    return output;
  }

  @Test
  public void thePaymentsAreReadExactlyOnceOverSaslSslOnBothRunners() throws Exception {
    for (String runner : List.of("DirectRunner", "FlinkRunner")) {
      String db = WAREHOUSE.newDatabase();
      String group = "it-sasl-ssl-" + runner.toLowerCase();
      String output = awaitExit(run(db, group, PASSWORD, "--runner=" + runner), group, 0);
      assertThat(output).contains("every count reconciles").doesNotContain(PASSWORD);
      assertThat(
              TestWarehouse.rows(
                  db, "SELECT count(*), count(DISTINCT (source, position)) FROM bronze.payments"))
          .as(runner)
          .containsExactly(List.of(String.valueOf(published), String.valueOf(published)));
      // A second run finds the group's offsets committed: nothing new, nothing twice.
      awaitExit(run(db, group, PASSWORD, "--runner=" + runner), group, 0);
      assertThat(TestWarehouse.count(db, "SELECT count(*) FROM bronze.payments"))
          .isEqualTo(published);
    }
  }

  @Test
  public void aWrongPasswordFailsWithinThirtySecondsWithOneClearLine() throws Exception {
    String db = WAREHOUSE.newDatabase();
    String group = "it-sasl-ssl-wrong-password";
    long t0 = System.nanoTime();
    String output = awaitExit(run(db, group, "not-the-password"), group, 1);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(seconds).as("seconds to fail, JVM start included").isLessThan(30);
    // Strata's own verdict: one line (the Kafka client may log its attempts besides).
    assertThat(
            output
                .lines()
                .filter(l -> l.startsWith("FAILED:") || l.startsWith("strata run failed:"))
                .toList())
        .as(output)
        .singleElement()
        .asString()
        .contains("Authentication failed", "invalid credentials", "SCRAM-SHA-256");
    assertThat(output).doesNotContain("not-the-password");
  }
}
