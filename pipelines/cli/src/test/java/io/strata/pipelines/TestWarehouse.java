package io.strata.pipelines;

import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.pipelines.config.StrataOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.rules.ExternalResource;

/**
 * A real embedded PostgreSQL for a test class (a {@code @ClassRule}); each test asks for a fresh
 * database so tests never see each other's rows. The server stops when the class is done.
 */
public final class TestWarehouse extends ExternalResource {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private EmbeddedPostgresServer server;

  @Override
  protected void before() {
    server = EmbeddedPostgresServer.start(Path.of("target", "it-postgres-" + System.nanoTime()));
  }

  @Override
  protected void after() {
    server.close();
  }

  /** A new, empty database; returns its JDBC URL. */
  /**
   * A new database for an MLflow server's backend store, as the SQLAlchemy URI MLflow takes (the
   * same conversion a run makes).
   */
  public String newMlflowBackend() {
    String db = newDatabase();
    return Services.backendStoreUri(
        db, EmbeddedPostgresServer.SUPERUSER, "", db.substring(db.lastIndexOf('/') + 1));
  }

  public String newDatabase() {
    String name = "it_" + DATABASES.incrementAndGet();
    server.ensureDatabase(name);
    return server.jdbcUrl(name);
  }

  /**
   * Runs {@code strata run} with these arguments against {@code jdbcUrl} (the user, a work folder
   * and {@code --stages=bronze,silver,gold} unless the arguments say otherwise); returns exit code
   * and output.
   */
  public static RunResult run(String jdbcUrl, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    for (String defaultArg :
        List.of(
            "--jdbcUrl=" + jdbcUrl,
            "--jdbcUser=" + EmbeddedPostgresServer.SUPERUSER,
            "--workDir=target/it-work",
            "--stages=bronze,silver,gold")) {
      String option = defaultArg.substring(0, defaultArg.indexOf('=') + 1);
      if (all.stream().noneMatch(a -> a.startsWith(option))) {
        all.add(defaultArg);
      }
    }
    StrataOptions options =
        PipelineOptionsFactory.fromArgs(all.toArray(String[]::new))
            .withValidation()
            .as(StrataOptions.class);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit = StrataRun.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new RunResult(exit, bytes.toString(StandardCharsets.UTF_8));
  }

  public record RunResult(int exit, String output) {}

  /**
   * Starts {@code strata run} with these arguments in a JVM of its own, as a test that kills it
   * needs; its output goes to {@code log}.
   */
  public static Process startRun(Path log, String... args) throws IOException {
    return startRun(log, Map.of(), args);
  }

  /** As {@link #startRun(Path, String...)}, with {@code env} added to its environment. */
  public static Process startRun(Path log, Map<String, String> env, String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Djava.io.tmpdir=target",
                "-cp",
                System.getProperty("java.class.path"),
                Strata.class.getName(),
                "run"));
    command.addAll(List.of(args));
    ProcessBuilder run =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    run.environment().putAll(env);
    return run.start();
  }

  /** Every row of a query, each cell as text (null as "null"), in the query's order. */
  public static List<List<String>> rows(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, EmbeddedPostgresServer.SUPERUSER, "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<List<String>> out = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(String.valueOf(rs.getString(i)));
        }
        out.add(row);
      }
      return out;
    }
  }

  public static long count(String jdbcUrl, String sql) throws SQLException {
    return Long.parseLong(rows(jdbcUrl, sql).get(0).get(0));
  }

  public static void execute(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, EmbeddedPostgresServer.SUPERUSER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
