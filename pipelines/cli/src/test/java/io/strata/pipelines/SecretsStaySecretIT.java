package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.pipelines.config.StrataDefaults;
import io.strata.pipelines.kafka.TopicPublisher;
import io.strata.retail.RetailProject;
import io.strata.retail.generate.GeneratorConfig;
import io.strata.retail.generate.RetailGenerator;
import io.strata.transforms.contract.Project;
import io.strata.transforms.source.KafkaCluster;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Every stage, the ml stage's MLflow server included, against a PostgreSQL that wants a password
 * (scram-sha-256) and a Kafka broker that wants one (SASL_SSL, SCRAM), each distinctive: neither
 * appears in the run's output, in any file under its work folder (logs, generated configuration,
 * MLflow's), in MLflow's params or tags, or in the command line of the run or of any process it
 * starts; nor in the messages of runs that fail on a wrong password.
 */
public class SecretsStaySecretIT {
  private static final Path WORK = Path.of("target", "it-secrets").toAbsolutePath();
  private static final Path INPUT = WORK.resolve("input-" + System.nanoTime());
  private static final String DB_USER = "strata_owner";
  private static final String DB_PASSWORD = "pg-S3cret-" + System.nanoTime();
  private static final String KAFKA_USER = "strata-reader";
  private static final String KAFKA_PASSWORD = "kafka-S3cret-" + System.nanoTime();
  private static EmbeddedPostgres postgres;
  private static SecureKafka kafka;

  @Rule public final Timeout timeout = Timeout.seconds(900);

  @BeforeClass
  public static void startServersThatWantPasswords() throws Exception {
    // The superuser keeps a trusted door for this test's own checks; Strata's user needs its
    // password.
    postgres =
        TestPostgres.start(
            WORK,
            Map.of("password_encryption", "scram-sha-256"),
            List.of(
                "local all all trust",
                "host all " + EmbeddedPostgresServer.SUPERUSER + " 127.0.0.1/32 trust",
                "host all all 127.0.0.1/32 scram-sha-256"));
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + DB_USER + " LOGIN CREATEDB PASSWORD '" + DB_PASSWORD + "'");
      s.execute("CREATE DATABASE strata OWNER " + DB_USER);
    }
    kafka = SecureKafka.start(WORK, KAFKA_USER, KAFKA_PASSWORD);
    // A sample the ml stage can train on (twelve weekly windows), its payments in the topic.
    RetailGenerator.generate(
        GeneratorConfig.defaults(INPUT).withSeed(42).withDays(84).withCustomers(400));
    TopicPublisher.publish(
        KafkaCluster.plaintext(kafka.broker().bootstrapServers()),
        Project.load(RetailProject.find().orElseThrow()).contract("payments"),
        INPUT);
  }

  @AfterClass
  public static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  public void neitherPasswordAppearsAnywhereARunLeavesOrShows() throws Exception {
    Path work = WORK.resolve("run");
    Set<String> commandLines = new TreeSet<>();
    String output =
        run(
            work,
            "strata",
            DB_PASSWORD,
            KAFKA_PASSWORD,
            0,
            commandLines,
            "--stages=bronze,silver,gold,ml");
    assertThat(output).contains("every count reconciles", "ml: done");

    assertThat(output).doesNotContain(DB_PASSWORD, KAFKA_PASSWORD);
    assertThat(commandLines)
        .as("the run's command line and those of the processes it started (MLflow's among them)")
        .anyMatch(l -> l.contains("mlflow"))
        .noneMatch(l -> l.contains(DB_PASSWORD) || l.contains(KAFKA_PASSWORD));
    List<Path> files = filesUnder(work);
    assertThat(files).as("the work folder holds the MLflow server's log").isNotEmpty();
    for (Path f : files) {
      String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(content.contains(DB_PASSWORD) || content.contains(KAFKA_PASSWORD))
          .as("a password in %s", f)
          .isFalse();
    }
    List<List<String>> mlflow =
        TestWarehouse.rows(
            url("mlflow"),
            "SELECT key || '=' || value FROM params UNION ALL SELECT key || '=' || value FROM tags");
    assertThat(mlflow).as("MLflow's params and tags").isNotEmpty();
    assertThat(mlflow.toString()).doesNotContain(DB_PASSWORD, KAFKA_PASSWORD);
  }

  @Test
  public void runsThatFailOnAWrongPasswordDoNotPrintTheOneGiven() throws Exception {
    String wrongDb = "pg-Wrong-" + System.nanoTime();
    String wrongKafka = "kafka-Wrong-" + System.nanoTime();
    Set<String> ignored = new TreeSet<>();
    String db =
        run(
            WORK.resolve("wrong-db"),
            "wrong-db",
            wrongDb,
            KAFKA_PASSWORD,
            1,
            ignored,
            "--stages=bronze");
    assertThat(db).contains("password authentication failed").doesNotContain(wrongDb);
    String kafka =
        run(
            WORK.resolve("wrong-kafka"),
            "wrong-kafka",
            DB_PASSWORD,
            wrongKafka,
            1,
            ignored,
            "--stages=bronze");
    assertThat(kafka).contains("Authentication failed").doesNotContain(wrongKafka, DB_PASSWORD);
  }

  private static String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
  }

  /**
   * Runs strata in a JVM of its own with both passwords in its environment only; collects the
   * command lines of it and its descendants while it runs; returns its output once it exited with
   * {@code exit}.
   */
  private static String run(
      Path work,
      String name,
      String dbPassword,
      String kafkaPassword,
      int exit,
      Set<String> commandLines,
      String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--jdbcUrl=" + url("strata"),
                "--jdbcUser=" + DB_USER,
                "--workDir=" + work,
                "--inputDir=" + INPUT,
                "--kafkaGroupId=it-secrets-" + name));
    args.addAll(kafka.runOptions());
    args.addAll(List.of(more));
    Path log = WORK.resolve(name + ".log");
    Process p =
        TestWarehouse.startRun(
            log,
            Map.of(
                StrataDefaults.JDBC_PASSWORD_ENV,
                dbPassword,
                KafkaCluster.PASSWORD_ENV,
                kafkaPassword),
            args.toArray(String[]::new));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (p.isAlive() && System.nanoTime() < deadline) {
      Stream.concat(Stream.of(p.toHandle()), p.descendants())
          .forEach(h -> h.info().commandLine().ifPresent(commandLines::add));
      Thread.sleep(200);
    }
    if (p.isAlive()) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(log);
    assertThat(p.isAlive()).as("the run ended within 10 minutes:%n%s", output).isFalse();
    assertThat(p.exitValue()).as(output).isEqualTo(exit);
    return output;
  }

  private static List<Path> filesUnder(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(f -> sizeBelow(f, 64 << 20)).toList();
    }
  }

  private static boolean sizeBelow(Path f, long limit) {
    try {
      return Files.size(f) < limit;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
