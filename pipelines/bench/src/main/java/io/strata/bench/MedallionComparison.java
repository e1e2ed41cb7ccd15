package io.strata.bench;

import io.strata.embedded.EmbeddedKafkaBroker;
import io.strata.pipelines.Strata;
import io.strata.pipelines.config.StrataDefaults;
import io.strata.pipelines.kafka.TopicPublisher;
import io.strata.transforms.contract.GoldModel;
import io.strata.transforms.contract.Project;
import io.strata.transforms.contract.SourceSpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Warehouse;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;

/**
 * The whole medallion two ways over the same generated sample, each run a process of its own into
 * an emptied database, Strata's and the hand-written SQL's runs taking turns: Strata ({@code run
 * --stages=bronze,silver,gold}, its FX API included) and {@link SqlMedallion}. Both start from data
 * at rest in its source: the payments are published to a broker once, before any clock starts, and
 * each Strata run reads the whole topic under a consumer group of its own (the SQL reads the same
 * events from their files). Then every gold table of the two is compared row for row: a time is
 * only worth comparing when both did the same work.
 */
public final class MedallionComparison {
  /**
   * Wall seconds of each run, and the gold tables whose rows differ between the two (none, when
   * both agree).
   */
  public record Result(
      long size, double[] strataSeconds, double[] sqlSeconds, List<String> goldDifferences) {
    public double strataMedian() {
      return medianOf(strataSeconds);
    }

    public double sqlMedian() {
      return medianOf(sqlSeconds);
    }

    private static double medianOf(double[] seconds) {
      double[] sorted = seconds.clone();
      Arrays.sort(sorted);
      return BenchReport.median(sorted);
    }
  }

  private MedallionComparison() {}

  public static Result run(
      BenchEnv env,
      Warehouse strataDb,
      Warehouse sqlDb,
      Path input,
      Path logs,
      long size,
      int repeats)
      throws IOException, SQLException, InterruptedException {
    Project project = Project.load(env.project());
    Path kafkaDir = logs.resolveSibling("medallion-kafka");
    FileUtils.deleteDirectory(kafkaDir.toFile());
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaDir)) {
      for (TableContract c : project.contracts()) {
        if (c.source().kind().equals(SourceSpec.KAFKA)) {
          broker.createTopic(c.source().topic(), StrataDefaults.PAYMENTS_PARTITIONS);
          TopicPublisher.publish(broker.bootstrapServers(), c, input);
        }
      }
      return run(
          env, project, broker.bootstrapServers(), strataDb, sqlDb, input, logs, size, repeats);
    } finally {
      FileUtils.deleteDirectory(kafkaDir.toFile());
    }
  }

  private static Result run(
      BenchEnv env,
      Project project,
      String kafka,
      Warehouse strataDb,
      Warehouse sqlDb,
      Path input,
      Path logs,
      long size,
      int repeats)
      throws IOException, SQLException, InterruptedException {
    double[] strata = new double[repeats];
    double[] sql = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      try (Connection c = strataDb.connect();
          Statement s = c.createStatement()) {
        s.execute(
            "DROP SCHEMA IF EXISTS bronze, silver, gold, quarantine, ops CASCADE; DROP TABLE IF EXISTS public.flyway_schema_history");
      }
      strataDb.closePool();
      ProcessBuilder run =
          new ProcessBuilder(
              env.javaBinary(),
              "-Djava.io.tmpdir=" + env.tmpDir(),
              "-cp",
              env.classpath(),
              Strata.class.getName(),
              "run",
              "--jdbcUrl=" + strataDb.jdbcUrl(),
              "--jdbcUser=" + strataDb.user(),
              "--inputDir=" + input,
              "--projectDir=" + env.project(),
              "--stages=bronze,silver,gold",
              "--workDir=" + logs.resolveSibling("medallion-work"),
              "--kafkaBootstrapServers=" + kafka,
              "--kafkaGroupId=bench-medallion-" + (i + 1) + "-" + System.currentTimeMillis());
      run.environment().put(StrataDefaults.JDBC_PASSWORD_ENV, env.password());
      strata[i] = timed(run, logs.resolve("medallion-strata-" + (i + 1) + ".log"));
      System.out.printf("bench: medallion      strata run %d: %6.1f s%n", i + 1, strata[i]);
      sql[i] =
          timed(
              env.javaOn(
                  sqlDb.jdbcUrl(), "sql-medallion", input.toString(), env.project().toString()),
              logs.resolve("medallion-sql-" + (i + 1) + ".log"));
      System.out.printf("bench: medallion      sql    run %d: %6.1f s%n", i + 1, sql[i]);
    }
    return new Result(size, strata, sql, goldDifferences(project, strataDb, sqlDb));
  }

  private static double timed(ProcessBuilder pb, Path log)
      throws IOException, InterruptedException {
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    long started = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.HOURS)) {
      p.destroyForcibly();
      throw new IllegalStateException("a medallion run took over two hours; see " + log);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "a medallion run failed (exit " + p.exitValue() + "); see " + log);
    }
    return (System.nanoTime() - started) / 1e9;
  }

  /**
   * Gold tables whose rows (as text, in order) differ between the two databases, or that one lacks.
   */
  static List<String> goldDifferences(Project project, Warehouse a, Warehouse b)
      throws SQLException {
    List<String> differ = new ArrayList<>();
    for (GoldModel m : project.goldModels()) {
      if (!Objects.equals(digest(a, m.name()), digest(b, m.name()))) {
        differ.add(m.name());
      }
    }
    return differ;
  }

  private static String digest(Warehouse w, String table) throws SQLException {
    String sql =
        "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM gold."
            + table
            + " t";
    try (Connection c = w.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      return "missing: " + e.getMessage();
    }
  }
}
