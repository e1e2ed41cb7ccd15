package io.strata.bench;

import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.embedded.MlflowEnvironment;
import io.strata.pipelines.Command;
import io.strata.pipelines.Services;
import io.strata.pipelines.config.RunConfig;
import io.strata.retail.generate.GeneratorConfig;
import io.strata.retail.generate.RetailGenerator;
import io.strata.transforms.contract.Project;
import io.strata.transforms.jdbc.Migrations;
import io.strata.transforms.jdbc.TableDdl;
import io.strata.transforms.jdbc.Warehouse;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bench}: loads the same order-line files into the same PostgreSQL, at each size and several
 * times, with COPY (the ceiling), psql, Strata's bronze stage on the DirectRunner and on the
 * FlinkRunner, JdbcIO's batched INSERT and pandas (the peer); times the whole medallion over the
 * smallest sample; fits Tribuo and scikit-learn on the repurchase examples it produced; then prints
 * the table and the targets and writes {@code bench.json} and {@code bench.png}. Every contender
 * runs as a process of its own, timed from start to exit. Exits 1 when a run failed or loaded the
 * wrong number of rows.
 */
public final class BenchCommand implements Command<BenchOptions> {
  /**
   * The default sample's order lines per customer (76,956 lines from 2,000 customers over 90 days).
   */
  private static final double LINES_PER_CUSTOMER = 38.48;

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public Class<BenchOptions> optionsType() {
    return BenchOptions.class;
  }

  @Override
  public int run(BenchOptions o) {
    List<Long> sizes =
        Arrays.stream(o.getSizes().split(",")).map(String::trim).map(Long::parseLong).toList();
    if (o.getRepeats() < 1) {
      throw new IllegalArgumentException("--repeats must be at least 1");
    }
    Path dir = Path.of(o.getBenchDir()).toAbsolutePath();
    RunConfig config = RunConfig.from(o);
    Path project = config.sources().projectDir().toAbsolutePath();
    try (Services services = Services.start(config.warehouse(), config.workDir())) {
      Warehouse w = database(services, "_bench");
      Files.createDirectories(dir.resolve("logs"));
      Files.createDirectories(dir.resolve("tmp"));
      prepareTables(w, Project.load(project));
      BenchEnv env = env(w, services.password(), dir, project);
      List<Contender> contenders = Contender.select(Contender.all(env), o.getContenders());
      List<MedallionComparison.Runner> runners =
          MedallionComparison.Runner.parse(o.getMedallionRunners());
      List<Long> ascending = sizes.stream().sorted().toList();
      long largest = ascending.get(ascending.size() - 1);
      Warehouse medallionDb = database(services, "_bench_medallion");
      Warehouse sqlDb = database(services, "_bench_sql");
      List<Measurement> runs = new ArrayList<>();
      List<MedallionComparison.Result> medallions = new ArrayList<>();
      List<MlComparison.Result> ml = List.of();
      for (long size : ascending) {
        Path input = generated(dir, size, o.getSeed());
        runs.addAll(loads(env, w, contenders, input, dir, size, o.getRepeats()));
        if (runners.isEmpty()) {
          continue;
        }
        String heap = size == largest && !o.getLimitedHeap().isBlank() ? o.getLimitedHeap() : null;
        medallions.add(
            MedallionComparison.run(
                env,
                medallionDb,
                sqlDb,
                input,
                dir.resolve("logs"),
                size,
                o.getRepeats(),
                runners,
                heap));
        if (size == ascending.get(0)) {
          // Tribuo against scikit-learn on the smallest sample's repurchase examples, still there.
          System.out.println(
              "bench: ml, Tribuo and scikit-learn on the medallion's repurchase examples");
          ml =
              MlComparison.run(
                  medallionDb, env.python(), resource(dir, "sklearn_fit.py"), dir, o.getRepeats());
        }
      }
      sqlDb.closePool();
      medallionDb.closePool();
      BenchReport report = BenchReport.of(contenders, ascending, runs, medallions, ml);
      System.out.println();
      report.print(System.out);
      report.write(dir, machine(w), o.getRepeats());
      System.out.println(
          "report: " + dir.resolve("bench.json") + " and " + dir.resolve("bench.png"));
      w.closePool();
      return report.allRunsValid() ? 0 : 1;
    } catch (IOException | SQLException e) {
      System.err.println("strata bench failed: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** Each contender's runs over the order lines of {@code input}, cleaned of what COPY refuses. */
  private static List<Measurement> loads(
      BenchEnv env,
      Warehouse w,
      List<Contender> contenders,
      Path input,
      Path dir,
      long size,
      int repeats)
      throws IOException, SQLException, InterruptedException {
    List<Measurement> runs = new ArrayList<>();
    if (contenders.isEmpty()) {
      return runs;
    }
    Path clean = dir.resolve("clean-" + size);
    long rows = CleanLines.write(input, clean);
    BronzeRows.write(clean);
    System.out.printf("bench: %d order lines asked for, %d clean rows in %s%n", size, rows, clean);
    for (Contender c : contenders) {
      for (int i = 1; i <= repeats; i++) {
        Measurement m =
            Measurement.take(
                env,
                w,
                c,
                clean,
                size,
                rows,
                i,
                dir.resolve("logs").resolve(c.name() + "-" + size + "-" + i + ".log"));
        System.out.printf(
            "bench: %-14s %8d lines, run %d: %6.1f s, %d rows%s%n",
            c.name(),
            size,
            i,
            m.seconds(),
            m.rows(),
            m.error() == null ? "" : " INVALID: " + m.error());
        runs.add(m);
      }
    }
    return runs;
  }

  /**
   * A database of the bench's own beside the warehouse's ({@code <database><suffix>}, created if
   * missing): every run empties its tables, which must never be the warehouse's.
   */
  private static Warehouse database(Services services, String suffix) throws SQLException {
    Warehouse warehouse = services.warehouse();
    URI uri = URI.create(warehouse.jdbcUrl().substring("jdbc:".length()));
    String database = uri.getPath().substring(1) + suffix;
    try (Connection c = warehouse.connect()) {
      EmbeddedPostgresServer.ensureDatabase(c, database);
    }
    String url =
        "jdbc:postgresql://"
            + uri.getRawAuthority()
            + "/"
            + database
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new Warehouse(url, warehouse.user(), services.password());
  }

  private static Path resource(Path dir, String name) throws IOException {
    Path file = dir.resolve(name);
    try (InputStream in = BenchCommand.class.getResourceAsStream(name)) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  /** Flyway's schemas, Strata's bronze.order_lines and the raw table the other contenders fill. */
  private static void prepareTables(Warehouse w, Project project) throws SQLException {
    Migrations.apply(w);
    try (Connection c = w.connect();
        Statement s = c.createStatement()) {
      TableDdl.ensure(c, project.contract("order_lines"));
      s.execute("CREATE SCHEMA IF NOT EXISTS bench");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + Contender.RAW_TABLE
              + " (order_id text, line_no text, product_id text, quantity text,"
              + " unit_price text, discount text)");
    }
  }

  /** The retail sample with about {@code size} order lines, generated once per size and seed. */
  private static Path generated(Path dir, long size, long seed) throws IOException {
    Path input = dir.resolve("input-" + size + "-seed-" + seed);
    if (!Files.exists(input.resolve("manifest.json"))) {
      int customers = (int) Math.max(100, Math.round(size / LINES_PER_CUSTOMER));
      RetailGenerator.generate(
          GeneratorConfig.defaults(input).withSeed(seed).withCustomers(customers));
    }
    return input;
  }

  private static BenchEnv env(Warehouse w, String password, Path dir, Path project)
      throws IOException {
    Path script = resource(dir, "pandas_load.py");
    String database = URI.create(w.jdbcUrl().substring("jdbc:".length())).getPath().substring(1);
    return new BenchEnv(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        classpath(),
        MlflowEnvironment.ensureInstalled().python(),
        script,
        onPath("psql").orElse(null),
        project,
        w.jdbcUrl(),
        w.user(),
        password,
        Services.backendStoreUri(w.jdbcUrl(), w.user(), password, database),
        dir.resolve("tmp"));
  }

  /** This JVM's class path: Maven's exec:java runs the project from a class loader of its own. */
  private static String classpath() {
    if (BenchCommand.class.getClassLoader() instanceof URLClassLoader loader
        && loader.getURLs().length > 0) {
      List<String> entries = new ArrayList<>();
      for (URL url : loader.getURLs()) {
        entries.add(Path.of(URI.create(url.toString())).toString());
      }
      return String.join(File.pathSeparator, entries);
    }
    return System.getProperty("java.class.path");
  }

  private static Optional<Path> onPath(String program) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(p -> Path.of(p, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** What the figures were measured on. */
  private static Map<String, Object> machine(Warehouse w) throws IOException, SQLException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    m.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    try (Connection c = w.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version()")) {
      rs.next();
      m.put("postgresql", rs.getString(1));
    }
    return m;
  }

  private static String firstValue(Path file, String key) throws IOException {
    if (!Files.isReadable(file)) {
      return "unknown";
    }
    return Files.readAllLines(file).stream()
        .filter(l -> l.startsWith(key))
        .findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .orElse("unknown");
  }
}
