package io.strata.pipelines;

import io.strata.ml.MlStage;
import io.strata.pipelines.config.RunConfig;
import io.strata.pipelines.config.Stage;
import io.strata.pipelines.ledger.Figure;
import io.strata.pipelines.ledger.Ledger;
import io.strata.pipelines.ledger.RejectedPages;
import io.strata.pipelines.ledger.TableCounts;
import io.strata.pipelines.stages.GoldStage;
import io.strata.pipelines.stages.SilverStage;
import io.strata.pipelines.stages.StageContext;
import io.strata.pipelines.stages.StageContext.SourceLocations;
import io.strata.transforms.contract.Project;
import io.strata.transforms.contract.TableContract;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One run as the ledger records it, a batch run or one window of a stream: its stages in order,
 * each stage's figures in the ledger, then the reconciliation gate. Exit code 0 when every count
 * reconciles, 1 when one does not; a stage that fails marks the run failed and throws.
 */
final class LedgerRun {
  private LedgerRun() {}

  /** What every run of one invocation of {@code strata run} shares. */
  record Invocation(RunConfig config, Project project, Services services, SourceLocations sources) {
    StageContext context(String runId) {
      return new StageContext(config, project, services.warehouse(), sources, runId);
    }
  }

  /** Where a run's bronze figures come from: its own bronze stage, or the continuous job's. */
  @FunctionalInterface
  interface BronzeStep {
    List<TableCounts> run(StageContext ctx) throws SQLException;
  }

  /**
   * A run's id and, in a stream, the stream's id (its first window's run id) and the window's
   * number (0 is the catch-up over every source).
   */
  record Window(String runId, @Nullable String streamId, @Nullable Integer number) {
    static Window batch() {
      return new Window(newRunId(), null, null);
    }

    static Window firstOfStream() {
      String runId = newRunId();
      return new Window(runId, runId, 0);
    }

    Window next() {
      return new Window(newRunId(), streamId, number + 1);
    }

    private static String newRunId() {
      return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
              .format(Instant.now().atOffset(ZoneOffset.UTC))
          + "-"
          + UUID.randomUUID().toString().substring(0, 6);
    }
  }

  /** Runs {@code stages} over the tables {@code tables} accepts. */
  static int run(
      Invocation inv,
      Set<Stage> stages,
      Predicate<TableContract> tables,
      BronzeStep bronze,
      Window window,
      PrintStream out)
      throws SQLException {
    RunConfig config = inv.config();
    String runner = config.stageOptions().runnerName();
    Ledger ledger = new Ledger(inv.services().warehouse(), window.runId());
    ledger.start(
        runner,
        stages.stream().map(Stage::id).collect(Collectors.joining(",")),
        inv.project().dir().toString(),
        window.streamId(),
        window.number());
    out.printf(
        "strata run %s%s: project %s, input %s, runner %s%n",
        window.runId(),
        window.number() == null
            ? ""
            : " (stream " + window.streamId() + ", window " + window.number() + ")",
        inv.project().dir(),
        inv.sources().inputDir(),
        runner);
    try {
      runStages(inv, inv.context(window.runId()), stages, tables, bronze, window, ledger, out);
    } catch (RuntimeException | SQLException e) {
      ledger.finish(false, e.getMessage());
      out.println("FAILED: " + e.getMessage());
      throw new ReportedFailure(e);
    }
    ledger.print(out);
    if (stages.contains(Stage.BRONZE)) {
      for (TableContract c : inv.project().contracts().stream().filter(tables).toList()) {
        RejectedPages.describe(inv.services().warehouse(), c, window.runId()).forEach(out::println);
      }
    }
    List<String> problems = ledger.discrepancies();
    ledger.finish(problems.isEmpty(), problems.isEmpty() ? null : String.join("; ", problems));
    out.println();
    out.println("warehouse: " + inv.services().psqlHint());
    out.println(
        "ledger:    SELECT * FROM ops.table_counts WHERE run_id = '" + window.runId() + "';");
    if (!problems.isEmpty()) {
      out.println("RECONCILIATION FAILED:");
      problems.forEach(p -> out.println("  " + p));
      return 1;
    }
    out.println("run " + window.runId() + " succeeded: every count reconciles");
    return 0;
  }

  /**
   * A streaming window after the first rebuilds only the gold models that read a silver table it
   * changed; every other run rebuilds all of gold.
   */
  private static void runStages(
      Invocation inv,
      StageContext ctx,
      Set<Stage> stages,
      Predicate<TableContract> tables,
      BronzeStep bronze,
      Window window,
      Ledger ledger,
      PrintStream out)
      throws SQLException {
    if (stages.contains(Stage.BRONZE)) {
      long started = System.nanoTime();
      for (TableCounts t : bronze.run(ctx)) {
        ledger.record(t);
      }
      out.println(String.format("bronze: done in %.1f s", secondsSince(started)));
    }
    Set<String> changed = new LinkedHashSet<>();
    if (stages.contains(Stage.SILVER)) {
      long started = System.nanoTime();
      List<TableContract> silverTables = ctx.project().contracts().stream().filter(tables).toList();
      SilverStage.run(
          ctx,
          silverTables,
          counts -> {
            ledger.record(counts);
            if (counts.get(Figure.SILVER_UPSERTED) + counts.get(Figure.RESOLVED) > 0) {
              changed.add(counts.table());
            }
          });
      out.println(String.format("silver: done in %.1f s", secondsSince(started)));
    }
    if (stages.contains(Stage.GOLD)) {
      long started = System.nanoTime();
      List<String> built =
          window.number() == null || window.number() == 0
              ? GoldStage.run(ctx.warehouse(), ctx.project())
              : GoldStage.refresh(ctx.warehouse(), ctx.project(), changed);
      out.println(
          String.format(
              "gold: %s in %.1f s",
              built.isEmpty() ? "nothing changed" : String.join(", ", built),
              secondsSince(started)));
    }
    if (stages.contains(Stage.ML)) {
      RunConfig config = ctx.config();
      String trackingUri = inv.services().mlflowTrackingUri(config.mlflowTrackingUri());
      MlStage.run(
          new MlStage.Context(
              ctx.warehouse(),
              ctx.runId(),
              trackingUri,
              config.stageOptions().runnerName(),
              MlStage.gitCommit(),
              config.ml(),
              ctx.pipelineOptions()),
          out);
      out.println(
          "ml: done; MLflow UI "
              + trackingUri
              + " (experiments strata-repurchase, strata-weekly_units)");
    }
  }

  /**
   * Stage times go out as whole lines (println of one string, not printf's pieces), so that a
   * runner logging on another thread never splits one: the bench reads them.
   */
  private static double secondsSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1e9;
  }

  /** A run's failure, already printed as its one FAILED line: callers do not print it again. */
  static final class ReportedFailure extends RuntimeException {
    ReportedFailure(Exception cause) {
      super(cause.getMessage(), cause);
    }
  }
}
