package io.strata.pipelines.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.ml.ClassifierAlgorithm;
import io.strata.ml.RegressorAlgorithm;
import io.strata.transforms.source.KafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Assume;
import org.junit.Test;

public class RunConfigTest {
  private static RunConfig config(String... args) {
    return RunConfig.from(
        PipelineOptionsFactory.fromArgs(args).withValidation().as(StrataOptions.class));
  }

  @Test
  public void defaultsRunEveryStageOnTheGeneratedSampleOfTheBundledProject() {
    RunConfig c = config("--workDir=target/run-config-test");

    assertThat(c.stages()).containsExactly(Stage.BRONZE, Stage.SILVER, Stage.GOLD, Stage.ML);
    assertThat(c.streaming()).isFalse();
    assertThat(c.sources().projectDir().resolve("contracts")).isDirectory();
    assertThat(c.sources().inputDir()).isNull();
    assertThat(c.sources().sample().outputDir())
        .isEqualTo(Path.of("target/run-config-test", "input"));
    assertThat(c.sources().sample().customers()).isEqualTo(2000);
    assertThat(c.warehouse().jdbcUrl()).isNull();
    assertThat(c.kafka().groupId()).isEqualTo(StrataDefaults.KAFKA_GROUP_ID);
    assertThat(c.ml().classifier()).isEqualTo(ClassifierAlgorithm.LOGISTIC);
    assertThat(c.ml().regressor()).isEqualTo(RegressorAlgorithm.XGBOOST);
  }

  @Test
  public void readsEachOptionIntoItsPlace() {
    RunConfig c =
        config(
            "--stages=gold,silver",
            "--streaming",
            "--windowSeconds=3",
            "--inputDir=src/test/resources/retail-by-hand",
            "--jdbcUrl=jdbc:postgresql://db:5432/w",
            "--jdbcUser=etl",
            "--classifier=XGBOOST",
            "--regressor=linear",
            "--trainingWindows=4");

    assertThat(c.stages()).as("in the order they run").containsExactly(Stage.SILVER, Stage.GOLD);
    assertThat(c.streaming()).isTrue();
    assertThat(c.window()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.sources().inputDir()).isEqualTo(Path.of("src/test/resources/retail-by-hand"));
    assertThat(c.sources().sample()).isNull();
    assertThat(c.warehouse().user()).isEqualTo("etl");
    assertThat(c.ml().classifier()).isEqualTo(ClassifierAlgorithm.XGBOOST);
    assertThat(c.ml().regressor()).isEqualTo(RegressorAlgorithm.LINEAR);
    assertThat(c.ml().trainingMode()).isEqualTo("sliding-4");
  }

  @Test
  public void theUserTheJdbcUrlNamesIsTheWarehouseUserForEveryClient() {
    RunConfig c = config("--jdbcUrl=jdbc:postgresql://127.0.0.1:5432/strata?user=postgres");

    assertThat(c.warehouse().user()).isEqualTo("postgres");
    assertThatThrownBy(
            () -> config("--jdbcUrl=jdbc:postgresql://db/w?user=postgres", "--jdbcUser=etl"))
        .hasMessageContaining("give one");
  }

  @Test
  public void aPasswordInTheJdbcUrlIsRefusedWithoutBeingShown() {
    assertThatThrownBy(
            () -> config("--jdbcUrl=jdbc:postgresql://db/w?user=etl&password=Sesame-4711"))
        .hasMessageContaining(StrataDefaults.JDBC_PASSWORD_ENV)
        .hasMessageContaining("--jdbcPasswordFile")
        .hasMessageNotContaining("Sesame-4711");
  }

  @Test
  public void aMistakeNamesTheOption() {
    assertThatThrownBy(() -> config("--stages=bronze,platinum"))
        .hasMessageContaining("--stages: unknown stage 'platinum'");
    assertThatThrownBy(() -> config("--windowSeconds=0")).hasMessageContaining("--windowSeconds");
    assertThatThrownBy(() -> config("--batchSize=0")).hasMessageContaining("--batchSize");
    assertThatThrownBy(() -> config("--jdbcUrl=jdbc:mysql://db/w"))
        .hasMessageContaining("--jdbcUrl");
    assertThatThrownBy(() -> config("--inputDir=target/no-such-input"))
        .hasMessageContaining("--inputDir");
    assertThatThrownBy(() -> config("--classifier=forest"))
        .hasMessageContaining("logistic, xgboost");
    assertThatThrownBy(() -> config("--warmupWindows=0")).hasMessageContaining("--warmupWindows");
    assertThatThrownBy(() -> config("--customers=5")).hasMessageContaining("customers");
  }

  @Test
  public void aSecuredKafkaClusterIsReadFromItsOptionsAndItsPasswordMustBeWhereClientsReadIt()
      throws Exception {
    assertThat(config("--workDir=target/run-config-test").kafka().cluster())
        .as("no servers: the embedded broker")
        .isNull();
    String[] sasl = {
      "--kafkaBootstrapServers=s.example:9092",
      "--kafkaSecurityProtocol=SASL_SSL",
      "--kafkaSaslMechanism=PLAIN",
      "--kafkaUser=tenancy/user/ocid1.streampool.x"
    };
    Assume.assumeTrue(System.getenv(KafkaCluster.PASSWORD_ENV) == null);
    assertThatThrownBy(() -> config(sasl)).hasMessageContaining(KafkaCluster.PASSWORD_ENV);

    Path dir = Files.createDirectories(Path.of("target", "run-config-test"));
    Path withLineBreak = Files.writeString(dir.resolve("kafka-password-nl"), "token\n");
    assertThatThrownBy(() -> config(with(sasl, "--kafkaPasswordFile=" + withLineBreak)))
        .hasMessageContaining("ends with a line break");
    Path good = Files.writeString(dir.resolve("kafka-password"), "token");
    KafkaCluster cluster = config(with(sasl, "--kafkaPasswordFile=" + good)).kafka().cluster();
    assertThat(cluster.securityProtocol()).isEqualTo("SASL_SSL");
    assertThat(cluster.user()).isEqualTo("tenancy/user/ocid1.streampool.x");
    assertThat(cluster.passwordFile()).isEqualTo(good.toString());
    assertThat(cluster.toString()).isEqualTo("s.example:9092 (SASL_SSL)");
  }

  private static String[] with(String[] args, String more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = more;
    return all;
  }
}
