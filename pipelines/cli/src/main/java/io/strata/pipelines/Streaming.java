package io.strata.pipelines;

import io.strata.pipelines.LedgerRun.BronzeStep;
import io.strata.pipelines.LedgerRun.Invocation;
import io.strata.pipelines.LedgerRun.Window;
import io.strata.pipelines.config.RunConfig;
import io.strata.pipelines.config.Stage;
import io.strata.pipelines.stages.BronzeStage;
import io.strata.pipelines.stages.ContinuousBronze;
import io.strata.transforms.contract.TableContract;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The windows of a stream after the first: every {@code --windowSeconds}, the Kafka tables' new
 * bronze rows, their silver tables (late parents included) and the gold models reading a changed
 * table are refreshed, and the window is one run in the ledger, numbered within its stream. A
 * window that falls behind is followed at once by the next.
 *
 * <p>Bronze comes one of two ways. On a runner that checkpoints, one unbounded job reads Kafka into
 * bronze for the whole stream ({@link ContinuousBronze}) and each window claims what it wrote.
 * Otherwise each window reads the Kafka sources to the end offsets found at its start and commits
 * them after. A window that fails (a worker lost mid-job) leaves silver's watermark and the offsets
 * where they were, so the next window does its work; after {@value #FAILED_WINDOWS} failures in a
 * row the stream gives up. On stop, the unbounded job is cancelled first and one last window takes
 * everything it wrote into silver and gold.
 */
final class Streaming {
  private static final int FAILED_WINDOWS = 5;

  private Streaming() {}

  /** The file naming the last window that completed, under the work folder. */
  static final String HEARTBEAT = "streaming-heartbeat";

  private enum WindowOutcome {
    OK,
    FAILED,
    DISCREPANCY
  }

  static int run(
      Invocation inv,
      List<TableContract> kafkaTables,
      Window first,
      StopSignal stop,
      PrintStream out)
      throws SQLException, InterruptedException, IOException {
    RunConfig config = inv.config();
    String streamId = first.streamId();
    long windowNanos = config.window().toNanos();
    Set<Stage> windowStages = EnumSet.copyOf(config.stages());
    windowStages.remove(Stage.ML);
    ContinuousBronze continuous =
        config.stageOptions().checkpoints() && windowStages.contains(Stage.BRONZE)
            ? ContinuousBronze.start(inv.context(streamId), kafkaTables, streamId)
            : null;
    if (continuous != null) {
      out.printf(
          "streaming: bronze.%s written continuously by one %s job, offsets committed at each checkpoint%n",
          kafkaTables.stream().map(TableContract::table).collect(Collectors.joining(", bronze.")),
          config.stageOptions().runnerName());
    }
    BronzeStep bronze =
        continuous == null
            ? ctx -> BronzeStage.run(ctx, StrataRun::isKafka)
            : ctx -> continuous.claim(ctx.runId());
    out.printf(
        "streaming: a window every %d s; Ctrl-C stops after the window in progress%n",
        config.window().toSeconds());
    long next = System.nanoTime() + windowNanos;
    int failedInARow = 0;
    Window window = first;
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
        window = window.next();
        WindowOutcome outcome = window(inv, windowStages, bronze, window, out);
        if (outcome == WindowOutcome.DISCREPANCY) {
          return 1;
        }
        if (outcome == WindowOutcome.OK) {
          heartbeat(config.workDir(), window);
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
        && window(inv, windowStages, bronze, window.next(), out) != WindowOutcome.OK) {
      return 1;
    }
    out.println("streaming: stopped between windows");
    return 0;
  }

  /**
   * Records the last window that completed in {@code <workDir>/}{@value #HEARTBEAT} (its number and
   * time), replaced whole: a container's health check asks whether it is recent.
   */
  static void heartbeat(Path workDir, Window window) throws IOException {
    Path beat = workDir.resolve(HEARTBEAT);
    Path next = workDir.resolve(HEARTBEAT + ".next");
    Files.createDirectories(workDir);
    Files.writeString(next, window.number() + " " + Instant.now() + "\n");
    Files.move(next, beat, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** One window of a stream; a failure is reported and left to the next window. */
  private static WindowOutcome window(
      Invocation inv, Set<Stage> stages, BronzeStep bronze, Window window, PrintStream out) {
    try {
      return LedgerRun.run(inv, stages, StrataRun::isKafka, bronze, window, out) == 0
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
}
