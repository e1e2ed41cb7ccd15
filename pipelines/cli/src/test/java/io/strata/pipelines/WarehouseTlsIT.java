package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.embedded.EmbeddedPostgresServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The pipeline against a PostgreSQL that accepts TLS connections only ({@code hostssl} in its
 * pg_hba.conf, every other connection rejected), with a certificate signed by a CA the test makes:
 * {@code sslmode=verify-full} and the root certificate in the JDBC URL carry the warehouse and the
 * MLflow backend store (psycopg2 reads the same parameters); a URL naming the server by a name its
 * certificate does not hold is refused.
 */
public class WarehouseTlsIT {
  private static final Path WORK = Path.of("target", "it-tls").toAbsolutePath();
  private static EmbeddedPostgres postgres;
  private static TestCertificates certificates;

  @Rule public final Timeout timeout = Timeout.seconds(900);

  @BeforeClass
  public static void startTlsOnlyServer() throws Exception {
    certificates = TestCertificates.generate(WORK.resolve("certs"), "localhost");
    // Local socket connections stay (zonky's own); over TCP only TLS is accepted.
    postgres =
        TestPostgres.start(
            WORK,
            Map.of(
                "ssl", "on",
                "ssl_cert_file", certificates.serverCertificate().toString(),
                "ssl_key_file", certificates.serverKey().toString()),
            List.of(
                "local all all trust",
                "hostssl all all 127.0.0.1/32 trust",
                "hostnossl all all 0.0.0.0/0 reject"));
  }

  @AfterClass
  public static void stop() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static String url(String host, String database) {
    return "jdbc:postgresql://"
        + host
        + ":"
        + postgres.getPort()
        + "/"
        + database
        + "?sslmode=verify-full&sslrootcert="
        + certificates.rootCertificate();
  }

  @Test
  public void everyStageAndTheMlflowBackendStoreRunOverVerifiedTls() throws Exception {
    String plain =
        "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?sslmode=disable";
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> TestWarehouse.count(plain, "SELECT 1")))
        .as("a connection without TLS is rejected")
        .hasMessageContaining("no encryption");

    TestWarehouse.RunResult run =
        TestWarehouse.run(
            url("localhost", "postgres"),
            "--workDir=" + WORK.resolve("work"),
            "--stages=bronze,silver,gold,ml",
            "--customers=400",
            "--days=84",
            "--seed=42");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("every count reconciles");
    String mlflowRuns = url("localhost", "mlflow");
    assertThat(TestWarehouse.count(mlflowRuns, "SELECT count(*) FROM runs"))
        .as("MLflow logged its runs through its backend store, over TLS")
        .isPositive();
    assertThat(
            TestWarehouse.count(
                url("localhost", "postgres"),
                "SELECT count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid)"
                    + " WHERE ssl AND pid = pg_backend_pid()"))
        .isEqualTo(1);
  }

  @Test
  public void aServerWhoseCertificateNamesAnotherHostIsRefused() throws Exception {
    Path log = WORK.resolve("wrong-name.log");
    Process run =
        TestWarehouse.startRun(
            log,
            "--jdbcUrl=" + url("127.0.0.1", "postgres"),
            "--jdbcUser=" + EmbeddedPostgresServer.SUPERUSER,
            "--workDir=" + WORK.resolve("work-wrong-name"),
            "--stages=bronze");
    boolean ended = run.waitFor(2, TimeUnit.MINUTES);
    if (!ended) {
      run.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(log);
    assertThat(ended).as(output).isTrue();
    assertThat(run.exitValue()).as(output).isNotZero();
    assertThat(output)
        .contains(
            "strata run failed: ",
            "The hostname 127.0.0.1 could not be verified by hostnameverifier");
  }
}
