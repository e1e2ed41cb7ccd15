package io.strata.pipelines;

import io.strata.ml.MlConfig;
import io.strata.ml.MlStage;
import io.strata.pipelines.ledger.Figure;
import io.strata.pipelines.ledger.Ledger;
import io.strata.pipelines.ledger.RunLock;
import io.strata.pipelines.ledger.TableCounts;
import io.strata.pipelines.runner.FlinkSetup;
import io.strata.pipelines.stages.BronzeStage;
import io.strata.pipelines.stages.ContinuousBronze;
import io.strata.pipelines.stages.GoldStage;
import io.strata.pipelines.stages.SilverStage;
import io.strata.pipelines.stages.StageContext;
import io.strata.retail.RetailProject;
import io.strata.retail.generate.GeneratorConfig;
import io.strata.retail.generate.RetailGenerator;
import io.strata.transforms.contract.Project;
import io.strata.transforms.contract.SourceSpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Migrations;
import io.strata.transforms.jdbc.TableDdl;
import io.strata.transforms.jdbc.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code run}: every stage of a project from raw input to gold, then the reconciliation gate.
 * Returns the process exit code: 0 when every stage ran and every count reconciles, 1 otherwise.
 * With {@code --streaming} the first run is window 0 of a stream, and every {@code --windowSeconds}
 * a further window reads what the Kafka sources received since, until Ctrl-C or SIGTERM.
 */
public final class StrataRun {
  private static final Set<String> STAGES = Set.of("bronze", "silver", "gold", "ml");
  private static final Duration STOP_GRACE = Duration.ofMinutes(2);
  private static final int FAILED_WINDOWS = 5;

  private StrataRun() {}

  public static int run(StrataOptions o) {
    return run(o, System.out);
  }

  /** A streaming run stops between windows on Ctrl-C or SIGTERM. */
  public static int run(StrataOptions o, PrintStream out) {
    return run(o, out, o.isStreaming() ? StopSignal.onShutdown(STOP_GRACE) : null);
  }

  /** A streaming run stops after the window in progress once {@code stop} is requested. */
  static int run(StrataOptions o, PrintStream out, StopSignal stop) {
    Set<String> stages = stages(o.getStages());
    Project project = Project.load(projectDir(o));
    boolean streaming = o.isStreaming();
    FlinkSetup.prepare(o, Path.of(o.getWorkDir()));
    try (Services services = Services.start(o);
        RunLock lock = RunLock.acquire(migrated(services.warehouse()))) {
      Warehouse w = services.warehouse();
      Path inputDir = inputDir(o, out);
      String fxApiUrl = services.fxApiUrl(o.getFxApiUrl(), inputDir.resolve("fx"));
      try (Connection c = w.connect()) {
        for (TableContract contract : project.contracts()) {
          TableDdl.ensure(c, contract);
        }
      }
      List<TableContract> kafkaTables =
          project.contracts().stream().filter(StrataRun::isKafka).toList();
      if (streaming && FlinkSetup.checkpoints(o)) {
        for (String job : ContinuousBronze.cancelLeftovers(w, o)) {
          out.println(
              "streaming: cancelled " + job + ", left running by a stream whose driver died");
        }
      }
      String kafka =
          stages.contains("bronze")
              ? services.kafkaBootstrapServers(o, kafkaTables, inputDir, out)
              : o.getKafkaBootstrapServers();
      // Streaming is a sequence of bounded windows: each stage pipeline itself runs in batch mode.
      o.setStreaming(false);
      Window first = new Window(newRunId(), streaming ? 0 : null);
      Setup setup = new Setup(project, services, inputDir, fxApiUrl, kafka, o);
      int exit =
          runOnce(
              setup,
              stages,
              c -> true,
              BronzeStage::run,
              first,
              streaming ? first.runId() : null,
              out);
      if (!streaming || exit != 0) {
        return exit;
      }
      if (kafkaTables.isEmpty()) {
        out.println("--streaming: the project has no Kafka source; nothing to stream");
        return exit;
      }
      return stream(setup, stages, first.runId(), stop, out);
    } catch (SQLException | IOException | RuntimeException e) {
      System.err.println("strata run failed: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      if (stop != null) {
        stop.finished();
      }
    }
  }

  /**
   * Windows after the first: every {@code --windowSeconds}, the Kafka tables' new bronze rows,
   * their silver tables (late parents included) and the gold models reading a changed table are
   * refreshed, and the window is one run in the ledger, numbered within its stream. A window that
   * falls behind is followed at once by the next.
   *
   * <p>Bronze comes one of two ways. On a runner that checkpoints, one unbounded job reads Kafka
   * into bronze for the whole stream ({@link ContinuousBronze}) and each window claims what it
   * wrote. Otherwise each window reads the Kafka sources to the end offsets found at its start and
   * commits them after. A window that fails (a worker lost mid-job) leaves silver's watermark and
   * the offsets where they were, so the next window does its work; after {@value #FAILED_WINDOWS}
   * failures in a row the stream gives up. On stop, the unbounded job is cancelled first and one
   * last window takes everything it wrote into silver and gold.
   */
  private static int stream(
      Setup setup, Set<String> stages, String streamId, StopSignal stop, PrintStream out)
      throws SQLException, InterruptedException, IOException {
    StrataOptions o = setup.options();
    long windowNanos = Math.max(1, o.getWindowSeconds()) * 1_000_000_000L;
    Set<String> windowStages = new LinkedHashSet<>(stages);
    windowStages.remove("ml");
    List<TableContract> kafkaTables =
        setup.project().contracts().stream().filter(StrataRun::isKafka).toList();
    ContinuousBronze continuous =
        FlinkSetup.checkpoints(o) && windowStages.contains("bronze")
            ? ContinuousBronze.start(setup.context(streamId), kafkaTables, streamId)
            : null;
    if (continuous != null) {
      out.printf(
          "streaming: bronze.%s written continuously by one %s job, offsets committed at each checkpoint%n",
          kafkaTables.stream().map(TableContract::table).collect(Collectors.joining(", bronze.")),
          o.getRunner().getSimpleName());
    }
    BronzeStep bronze =
        continuous == null
            ? ctx -> BronzeStage.run(ctx, StrataRun::isKafka)
            : ctx -> continuous.claim(ctx.runId());
    out.printf(
        "streaming: a window every %d s; Ctrl-C stops after the window in progress%n",
        o.getWindowSeconds());
    long next = System.nanoTime() + windowNanos;
    int failedInARow = 0;
    int n = 1;
    try {
      while (!stop.requested()) {
        stop.sleepUntil(next);
        if (stop.requested()) {
          break;
        }
        next += windowNanos;
        if (continuous != null) {
          continuous.checkRunning();
        }
        WindowOutcome outcome =
            window(setup, windowStages, bronze, new Window(newRunId(), n++), streamId, out);
        if (outcome == WindowOutcome.DISCREPANCY) {
          return 1;
        }
        failedInARow = outcome == WindowOutcome.FAILED ? failedInARow + 1 : 0;
        if (failedInARow == FAILED_WINDOWS) {
          out.println("streaming: " + FAILED_WINDOWS + " windows failed in a row; stopping");
          return 1;
        }
      }
    } finally {
      if (continuous != null) {
        continuous.close();
      }
    }
    if (continuous != null
        && window(setup, windowStages, bronze, new Window(newRunId(), n), streamId, out)
            != WindowOutcome.OK) {
      return 1;
    }
    out.println("streaming: stopped between windows");
    return 0;
  }

  private enum WindowOutcome {
    OK,
    FAILED,
    DISCREPANCY
  }

  /** One window of a stream; a failure is reported and left to the next window. */
  private static WindowOutcome window(
      Setup setup,
      Set<String> stages,
      BronzeStep bronze,
      Window window,
      String streamId,
      PrintStream out) {
    try {
      return runOnce(setup, stages, StrataRun::isKafka, bronze, window, streamId, out) == 0
          ? WindowOutcome.OK
          : WindowOutcome.DISCREPANCY;
    } catch (SQLException | RuntimeException e) {
      out.println(
          "streaming: window "
              + window.number()
              + " failed ("
              + e.getMessage()
              + "); the next window does its work");
      return WindowOutcome.FAILED;
    }
  }

  private static int runOnce(
      Setup setup,
      Set<String> stages,
      Predicate<TableContract> tables,
      BronzeStep bronze,
      Window window,
      String streamId,
      PrintStream out)
      throws SQLException {
    Warehouse w = setup.services().warehouse();
    String runId = window.runId();
    Ledger ledger = new Ledger(w, runId);
    StrataOptions o = setup.options();
    ledger.start(
        o.getRunner().getSimpleName(),
        String.join(",", stages),
        setup.project().dir().toString(),
        streamId,
        window.number());
    StageContext ctx = setup.context(runId);
    out.printf(
        "strata run %s%s: project %s, input %s, runner %s%n",
        runId,
        window.number() == null ? "" : " (stream " + streamId + ", window " + window.number() + ")",
        setup.project().dir(),
        setup.inputDir(),
        o.getRunner().getSimpleName());
    try {
      runStages(ctx, stages, tables, bronze, window.number(), ledger, out, setup.services());
    } catch (RuntimeException | SQLException e) {
      ledger.finish(false, e.getMessage());
      out.println("FAILED: " + e.getMessage());
      throw e;
    }
    ledger.print(out);
    List<String> problems = ledger.discrepancies();
    ledger.finish(problems.isEmpty(), problems.isEmpty() ? null : String.join("; ", problems));
    out.println();
    out.println("warehouse: " + setup.services().psqlHint());
    out.println("ledger:    SELECT * FROM ops.table_counts WHERE run_id = '" + runId + "';");
    if (!problems.isEmpty()) {
      out.println("RECONCILIATION FAILED:");
      problems.forEach(p -> out.println("  " + p));
      return 1;
    }
    out.println("run " + runId + " succeeded: every count reconciles");
    return 0;
  }

  /**
   * A streaming window after the first ({@code window} above 0) rebuilds only the gold models that
   * read a silver table it changed; every other run rebuilds all of gold.
   */
  private static void runStages(
      StageContext ctx,
      Set<String> stages,
      Predicate<TableContract> tables,
      BronzeStep bronze,
      Integer window,
      Ledger ledger,
      PrintStream out,
      Services services)
      throws SQLException {
    if (stages.contains("bronze")) {
      for (TableCounts t : bronze.run(ctx)) {
        ledger.record(t);
      }
      out.println("bronze: done");
    }
    Set<String> changed = new LinkedHashSet<>();
    if (stages.contains("silver")) {
      for (TableContract contract : ctx.project().contracts()) {
        if (tables.test(contract)) {
          TableCounts counts = SilverStage.run(ctx, contract);
          ledger.record(counts);
          if (counts.get(Figure.SILVER_UPSERTED) + counts.get(Figure.RESOLVED) > 0) {
            changed.add(contract.table());
          }
        }
      }
      out.println("silver: done");
    }
    if (stages.contains("gold")) {
      List<String> built =
          window == null || window == 0
              ? GoldStage.run(ctx.warehouse(), ctx.project())
              : GoldStage.refresh(ctx.warehouse(), ctx.project(), changed);
      out.println("gold: " + (built.isEmpty() ? "nothing changed" : String.join(", ", built)));
    }
    if (stages.contains("ml")) {
      StrataOptions o = ctx.pipelineOptions().as(StrataOptions.class);
      String trackingUri = services.mlflowTrackingUri(o.getMlflowTrackingUri());
      MlConfig config =
          new MlConfig(
              o.getClassifier(),
              o.getRegressor(),
              o.getTrainingWindows(),
              o.getWarmupWindows(),
              o.getMlSeed());
      MlStage.run(
          new MlStage.Context(
              ctx.warehouse(),
              ctx.runId(),
              trackingUri,
              o.getRunner().getSimpleName(),
              MlStage.gitCommit(),
              config,
              o),
          out);
      out.println(
          "ml: done; MLflow UI "
              + trackingUri
              + " (experiments strata-repurchase, strata-weekly_units)");
    }
  }

  static boolean isKafka(TableContract c) {
    return c.source().kind().equals(SourceSpec.KAFKA);
  }

  /** What every run of one invocation shares. */
  private record Setup(
      Project project,
      Services services,
      Path inputDir,
      String fxApiUrl,
      String kafkaBootstrapServers,
      StrataOptions options) {
    StageContext context(String runId) {
      return new StageContext(
          project,
          services.warehouse(),
          runId,
          inputDir,
          fxApiUrl,
          options.getBatchSize(),
          kafkaBootstrapServers,
          options.getKafkaGroupId(),
          options);
    }
  }

  /**
   * Where a run's bronze counts come from: its own bronze stage, or the continuous job's commits.
   */
  @FunctionalInterface
  private interface BronzeStep {
    List<TableCounts> run(StageContext ctx) throws SQLException;
  }

  /** A run's id and, in streaming mode, its window number. */
  private record Window(String runId, Integer number) {}

  private static Warehouse migrated(Warehouse w) {
    Migrations.apply(w);
    return w;
  }

  private static Set<String> stages(String spec) {
    Set<String> stages =
        Arrays.stream(spec.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(LinkedHashSet::new));
    for (String s : stages) {
      if (!STAGES.contains(s)) {
        throw new IllegalArgumentException(
            "--stages: unknown stage '"
                + s
                + "' (use "
                + String.join(",", List.of("bronze", "silver", "gold", "ml"))
                + ")");
      }
    }
    return stages;
  }

  /** The given project folder, else the bundled retail sample. */
  public static Path projectDir(StrataOptions o) {
    if (o.getProjectDir() != null) {
      return Path.of(o.getProjectDir());
    }
    return RetailProject.find()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no --projectDir given and the retail sample ("
                        + RetailProject.FOLDER
                        + ") is not here; run from the repository root"));
  }

  /** The given input, else the retail sample generated once under the work folder. */
  private static Path inputDir(StrataOptions o, PrintStream out) throws IOException {
    if (o.getInputDir() != null) {
      return Path.of(o.getInputDir());
    }
    Path dir = Path.of(o.getWorkDir(), "input");
    if (!Files.exists(dir.resolve("manifest.json"))) {
      GeneratorConfig defaults = GeneratorConfig.defaults(dir);
      RetailGenerator.generate(
          new GeneratorConfig(
              dir, o.getSeed(), o.getDays(), o.getCustomers(), defaults.startDate()));
      out.println("generated the retail sample into " + dir);
    }
    return dir;
  }

  private static String newRunId() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .format(Instant.now().atOffset(ZoneOffset.UTC))
        + "-"
        + UUID.randomUUID().toString().substring(0, 6);
  }
}
