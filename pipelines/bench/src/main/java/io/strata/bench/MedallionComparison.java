package io.strata.bench;

import io.strata.embedded.EmbeddedKafkaBroker;
import io.strata.pipelines.config.StrataDefaults;
import io.strata.pipelines.kafka.TopicPublisher;
import io.strata.transforms.contract.GoldModel;
import io.strata.transforms.contract.Project;
import io.strata.transforms.contract.SourceSpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.source.KafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;
import org.apache.commons.io.FileUtils;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The whole medallion two ways over the same generated sample, each run a process of its own into
 * an emptied database, taking turns: Strata ({@code run --stages=bronze,silver,gold}, its FX API
 * included) on each runner, and {@link SqlMedallion}. Both start from data at rest in its source:
 * the payments are published to a broker once, before any clock starts, and each Strata run reads
 * the whole topic under a consumer group of its own (the SQL reads the same events from their
 * files). Each Strata run's split comes from the stage times it prints; every gold table is then
 * compared row for row with the SQL's, because a time is only worth comparing when both did the
 * same work.
 */
public final class MedallionComparison {
  private static final Duration TIMEOUT = Duration.ofHours(3);
  private static final Pattern STAGE_TIME =
      Pattern.compile("^(bronze|silver|gold): .* in ([0-9.]+) s$", Pattern.MULTILINE);

  /** A runner Strata's medallion is measured on, and the options that choose it. */
  public enum Runner {
    DIRECT("DirectRunner", List.of("--runner=DirectRunner")),
    FLINK(
        "FlinkRunner", List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));

    final String label;
    final List<String> options;

    Runner(String label, List<String> options) {
      this.label = label;
      this.options = options;
    }

    /** {@code DirectRunner,FlinkRunner}: the runners named. */
    static List<Runner> parse(String spec) {
      List<Runner> out = new ArrayList<>();
      for (String name : spec.split(",")) {
        if (!name.isBlank()) {
          out.add(
              Arrays.stream(values())
                  .filter(r -> r.label.equals(name.trim()))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "--medallionRunners: unknown runner '"
                                  + name.trim()
                                  + "' (DirectRunner, FlinkRunner)")));
        }
      }
      return out;
    }
  }

  /**
   * One Strata run: its wall time and peak memory, and the time of each stage as it printed them;
   * what remains is the JVM's and the services' start and the pipelines' set-up.
   */
  public record Run(
      double seconds,
      long peakRssBytes,
      double bronzeSeconds,
      double silverSeconds,
      double goldSeconds) {
    public double startSeconds() {
      return seconds - bronzeSeconds - silverSeconds - goldSeconds;
    }
  }

  /** The DirectRunner's run with a small heap, at the largest size: did it finish? */
  public record LimitedHeap(String heap, boolean completed, double seconds, long peakRssBytes) {}

  /**
   * At one size: the SQL's wall times, Strata's runs per runner, the gold tables that differ from
   * the SQL's per runner (none, when both agree), and the limited-heap run where there was one.
   */
  public record Result(
      long size,
      double[] sqlSeconds,
      Map<Runner, List<Run>> strata,
      Map<Runner, List<String>> goldDifferences,
      @Nullable LimitedHeap limitedHeap) {
    public double sqlMedian() {
      return medianOf(Arrays.stream(sqlSeconds));
    }

    public double median(Runner runner, ToDoubleFunction<Run> figure) {
      return medianOf(strata.getOrDefault(runner, List.of()).stream().mapToDouble(figure));
    }

    public boolean goldIdentical() {
      return goldDifferences.values().stream().allMatch(List::isEmpty);
    }

    private static double medianOf(DoubleStream values) {
      return BenchReport.median(values.sorted().toArray());
    }
  }

  private MedallionComparison() {}

  /**
   * Measures {@code repeats} runs of each side at {@code size}, on {@code runners}; with {@code
   * limitedHeap} (e.g. {@code 1g}) also one DirectRunner run with that heap.
   */
  public static Result run(
      BenchEnv env,
      Warehouse strataDb,
      Warehouse sqlDb,
      Path input,
      Path logs,
      long size,
      int repeats,
      List<Runner> runners,
      @Nullable String limitedHeap)
      throws IOException, SQLException, InterruptedException {
    Project project = Project.load(env.project());
    Path kafkaDir = logs.resolveSibling("medallion-kafka");
    FileUtils.deleteDirectory(kafkaDir.toFile());
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaDir)) {
      for (TableContract c : project.contracts()) {
        if (c.source().kind().equals(SourceSpec.KAFKA)) {
          broker.createTopic(c.source().topic(), StrataDefaults.PAYMENTS_PARTITIONS);
          TopicPublisher.publish(KafkaCluster.plaintext(broker.bootstrapServers()), c, input);
        }
      }
      Sides sides =
          new Sides(env, project, broker.bootstrapServers(), strataDb, sqlDb, input, logs, size);
      double[] sql = new double[repeats];
      Map<Runner, List<Run>> strata = new EnumMap<>(Runner.class);
      Map<Runner, List<String>> differences = new EnumMap<>(Runner.class);
      for (int i = 0; i < repeats; i++) {
        sql[i] = sides.sql(i + 1);
        for (Runner runner : runners) {
          strata.computeIfAbsent(runner, r -> new ArrayList<>()).add(sides.strata(runner, i + 1));
          if (i == repeats - 1) {
            differences.put(runner, goldDifferences(project, strataDb, sqlDb));
          }
        }
      }
      LimitedHeap limited = limitedHeap == null ? null : sides.limitedHeap(limitedHeap);
      return new Result(size, sql, strata, differences, limited);
    } finally {
      FileUtils.deleteDirectory(kafkaDir.toFile());
    }
  }

  /** What the runs of one size share, and how each side is run. */
  private record Sides(
      BenchEnv env,
      Project project,
      String kafka,
      Warehouse strataDb,
      Warehouse sqlDb,
      Path input,
      Path logs,
      long size) {

    double sql(int run) throws IOException, InterruptedException {
      WatchedProcess p =
          WatchedProcess.run(
              env.javaOn(
                  sqlDb.jdbcUrl(), "sql-medallion", input.toString(), env.project().toString()),
              log("sql", run),
              TIMEOUT);
      require(p, log("sql", run));
      System.out.printf(
          "bench: medallion  %9d lines, sql run %d: %7.1f s%n", size, run, p.seconds());
      return p.seconds();
    }

    Run strata(Runner runner, int run) throws IOException, SQLException, InterruptedException {
      Path log = log(runner.label, run);
      WatchedProcess p = strataProcess(runner, List.of(), log);
      require(p, log);
      Map<String, Double> stages = new HashMap<>();
      Matcher m = STAGE_TIME.matcher(Files.readString(log));
      while (m.find()) {
        stages.put(m.group(1), Double.parseDouble(m.group(2)));
      }
      Run r =
          new Run(
              p.seconds(),
              p.peakRssBytes(),
              stages.getOrDefault("bronze", 0.0),
              stages.getOrDefault("silver", 0.0),
              stages.getOrDefault("gold", 0.0));
      System.out.printf(
          "bench: medallion  %9d lines, strata %-12s run %d: %7.1f s (start %.1f, bronze %.1f, silver %.1f, gold %.1f), peak RSS %d MB%n",
          size,
          runner.label,
          run,
          r.seconds(),
          r.startSeconds(),
          r.bronzeSeconds(),
          r.silverSeconds(),
          r.goldSeconds(),
          r.peakRssBytes() >> 20);
      return r;
    }

    LimitedHeap limitedHeap(String heap) throws IOException, SQLException, InterruptedException {
      Path log = logs.resolve("medallion-" + size + "-DirectRunner-Xmx" + heap + ".log");
      // A DirectRunner out of heap can hang in its workers: the JVM must exit on the first error.
      WatchedProcess p =
          strataProcess(Runner.DIRECT, List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"), log);
      System.out.printf(
          "bench: medallion  %9d lines, strata DirectRunner with -Xmx%s: %s in %.1f s%n",
          size,
          heap,
          p.ok() ? "completed" : "FAILED (exit " + p.exit() + ", see " + log + ")",
          p.seconds());
      return new LimitedHeap(heap, p.ok(), p.seconds(), p.peakRssBytes());
    }

    /** Strata into an emptied database, reading the topic under a consumer group of its own. */
    private WatchedProcess strataProcess(Runner runner, List<String> jvmFlags, Path log)
        throws IOException, SQLException, InterruptedException {
      try (Connection c = strataDb.connect();
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS bronze, silver, gold, quarantine, ops, staging CASCADE");
      }
      strataDb.closePool();
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--jdbcUrl=" + strataDb.jdbcUrl(),
                  "--jdbcUser=" + strataDb.user(),
                  "--inputDir=" + input,
                  "--projectDir=" + env.project(),
                  "--stages=bronze,silver,gold",
                  "--workDir=" + logs.resolveSibling("medallion-work"),
                  "--kafkaBootstrapServers=" + kafka,
                  "--kafkaGroupId=bench-medallion-" + System.nanoTime()));
      args.addAll(runner.options);
      return WatchedProcess.run(env.strataRun(jvmFlags, args), log, TIMEOUT);
    }

    private Path log(String side, int run) {
      return logs.resolve("medallion-" + size + "-" + side + "-" + run + ".log");
    }

    private static void require(WatchedProcess p, Path log) {
      if (!p.ok()) {
        throw new IllegalStateException(
            "a medallion run "
                + (p.exit() < 0
                    ? "ran past " + TIMEOUT.toHours() + " hours"
                    : "failed (exit " + p.exit() + ")")
                + "; see "
                + log);
      }
    }
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
