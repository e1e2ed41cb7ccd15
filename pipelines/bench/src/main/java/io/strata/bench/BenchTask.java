package io.strata.bench;

import io.strata.pipelines.RunCommand;
import io.strata.pipelines.config.RunConfig;
import io.strata.pipelines.config.StrataDefaults;
import io.strata.pipelines.config.StrataOptions;
import io.strata.pipelines.stages.BronzeStage;
import io.strata.pipelines.stages.StageContext;
import io.strata.pipelines.stages.StageContext.SourceLocations;
import io.strata.transforms.contract.Project;
import io.strata.transforms.jdbc.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.postgresql.PGConnection;

/**
 * One measured load, run by {@code bench} in a JVM of its own so that each gets a cold start and
 * its own peak RSS: {@code copy}, {@code copy-bronze}, {@code jdbcio}, {@code strata-bronze} or
 * {@code sql-medallion} (the whole medallion as hand-written SQL, {@link SqlMedallion}). Arguments:
 * the task, the JDBC URL, the user, the folder whose {@code order_lines/*.csv} are loaded (for
 * {@code sql-medallion}: the whole input folder), then the task's own (the target table; the
 * runner; the project folder). The password comes from {@value StrataDefaults#JDBC_PASSWORD_ENV}.
 */
public final class BenchTask {
  static final List<String> COLUMNS =
      List.of("order_id", "line_no", "product_id", "quantity", "unit_price", "discount");

  private BenchTask() {}

  public static void main(String[] args) throws Exception {
    String task = args[0];
    String jdbcUrl = args[1];
    String user = args[2];
    Path input = Path.of(args[3]);
    String password = System.getenv().getOrDefault(StrataDefaults.JDBC_PASSWORD_ENV, "");
    switch (task) {
      case "copy" ->
          copy(jdbcUrl, user, password, files(input), args[4], COLUMNS, "FORMAT csv, HEADER");
      case "copy-bronze" ->
          copy(
              jdbcUrl,
              user,
              password,
              BronzeRows.files(input),
              Contender.BRONZE_TABLE,
              BronzeRows.COLUMNS,
              "FORMAT text");
      case "jdbcio" -> jdbcIo(jdbcUrl, user, password, input, args[4]);
      case "strata-bronze" ->
          strataBronze(new Warehouse(jdbcUrl, user, password), input, Path.of(args[4]), args[5]);
      case "sql-medallion" -> SqlMedallion.run(jdbcUrl, user, password, input, Path.of(args[4]));
      default -> throw new IllegalArgumentException("unknown bench task " + task);
    }
  }

  /** The ceiling: every file through CopyManager in one transaction, from a plain loop. */
  static void copy(
      String jdbcUrl,
      String user,
      String password,
      List<Path> files,
      String table,
      List<String> columns,
      String options)
      throws IOException, SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    try (Connection c = DriverManager.getConnection(jdbcUrl, p)) {
      c.setAutoCommit(false);
      String sql =
          "COPY "
              + table
              + " ("
              + String.join(", ", columns)
              + ") FROM STDIN WITH ("
              + options
              + ")";
      for (Path file : files) {
        try (InputStream in = Files.newInputStream(file)) {
          c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, in, 1 << 16);
        }
      }
      c.commit();
    }
  }

  /**
   * The obvious Beam load: files parsed into rows, JdbcIO's batched INSERT with the driver
   * rewriting batches.
   */
  static void jdbcIo(String jdbcUrl, String user, String password, Path input, String table) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    String url = jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    p.apply(
            FileIO.match()
                .filepattern(
                    input.toAbsolutePath().resolve("order_lines").resolve("*.csv").toString()))
        .apply(FileIO.readMatches())
        .apply("Parse CSV", ParDo.of(new ParseFn()))
        .apply(
            JdbcIO.<List<String>>write()
                .withDataSourceConfiguration(
                    JdbcIO.DataSourceConfiguration.create("org.postgresql.Driver", url)
                        .withUsername(user)
                        .withPassword(password))
                .withStatement(
                    "INSERT INTO "
                        + table
                        + " ("
                        + String.join(", ", COLUMNS)
                        + ") VALUES (?, ?, ?, ?, ?, ?)")
                .withBatchSize(1000)
                .withPreparedStatementSetter(
                    (row, s) -> {
                      for (int i = 0; i < row.size(); i++) {
                        s.setString(i + 1, row.get(i));
                      }
                    }));
    p.run().waitUntilFinish();
  }

  /**
   * Strata's bronze stage for order_lines alone, on the given runner, with {@code run}'s defaults.
   */
  static void strataBronze(Warehouse w, Path input, Path project, String runner) {
    RunConfig config =
        RunConfig.from(
            PipelineOptionsFactory.fromArgs(
                    new RunCommand()
                        .withDefaults(
                            new String[] {
                              "--runner=" + runner,
                              "--workDir=" + System.getProperty("java.io.tmpdir"),
                              "--inputDir=" + input,
                              "--projectDir=" + project
                            }))
                .as(StrataOptions.class));
    StageContext ctx =
        new StageContext(
            config,
            Project.load(project),
            w,
            new SourceLocations(input, null, null),
            "bench-" + runner);
    BronzeStage.run(ctx, c -> c.table().equals("order_lines"));
    w.closePool();
  }

  static List<Path> files(Path input) throws IOException {
    try (Stream<Path> files = Files.list(input.resolve("order_lines"))) {
      return files.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
    }
  }

  private static final class ParseFn extends DoFn<FileIO.ReadableFile, List<String>> {
    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<List<String>> out)
        throws IOException {
      try (CSVParser parser =
          CSVParser.parse(
              new StringReader(file.readFullyAsUTF8String()),
              CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build())) {
        for (CSVRecord r : parser) {
          out.output(r.toList());
        }
      }
    }
  }
}
