package io.strata.pipelines;

import io.strata.pipelines.LedgerRun.Invocation;
import io.strata.pipelines.LedgerRun.Window;
import io.strata.pipelines.config.RunConfig;
import io.strata.pipelines.config.Stage;
import io.strata.pipelines.config.StrataOptions;
import io.strata.pipelines.ledger.RunLock;
import io.strata.pipelines.stages.BronzeStage;
import io.strata.pipelines.stages.ContinuousBronze;
import io.strata.pipelines.stages.StageContext.SourceLocations;
import io.strata.retail.generate.RetailGenerator;
import io.strata.transforms.contract.Project;
import io.strata.transforms.contract.SourceSpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Migrations;
import io.strata.transforms.jdbc.TableDdl;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.source.KafkaCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * {@code run}: every stage of a project from raw input to gold, then the reconciliation gate.
 * Returns the process exit code: 0 when every stage ran and every count reconciles, 1 otherwise.
 * With {@code --streaming} the first run is window 0 of a stream, and every {@code --windowSeconds}
 * a further window reads what the Kafka sources received since ({@link Streaming}), until Ctrl-C or
 * SIGTERM.
 */
public final class StrataRun {
  private static final Duration STOP_GRACE = Duration.ofMinutes(2);

  private StrataRun() {}

  /** Validates {@code o}, then runs; for tests and callers that hold options. */
  public static int run(StrataOptions o, PrintStream out) {
    return run(RunConfig.from(o), out);
  }

  /** A streaming run stops between windows on Ctrl-C or SIGTERM. */
  public static int run(RunConfig config, PrintStream out) {
    return run(config, out, config.streaming() ? StopSignal.onShutdown(STOP_GRACE) : null);
  }

  /** A streaming run stops after the window in progress once {@code stop} is requested. */
  static int run(StrataOptions o, PrintStream out, StopSignal stop) {
    return run(RunConfig.from(o), out, stop);
  }

  private static int run(RunConfig config, PrintStream out, StopSignal stop) {
    Project project = Project.load(config.sources().projectDir());
    try (Services services = Services.start(config.warehouse(), config.workDir());
        RunLock lock = RunLock.acquire(migrated(services.warehouse()))) {
      Warehouse w = services.warehouse();
      Path inputDir = inputDir(config.sources(), out);
      String fxApiUrl = services.fxApiUrl(config.sources().fxApiUrl(), inputDir.resolve("fx"));
      try (Connection c = w.connect()) {
        for (TableContract contract : project.contracts()) {
          TableDdl.ensure(c, contract);
        }
      }
      List<TableContract> kafkaTables =
          project.contracts().stream().filter(StrataRun::isKafka).toList();
      if (config.streaming() && config.stageOptions().checkpoints()) {
        for (String job : ContinuousBronze.cancelLeftovers(w, config.stageOptions().batch())) {
          out.println(
              "streaming: cancelled " + job + ", left running by a stream whose driver died");
        }
      }
      KafkaCluster given = config.kafka().cluster();
      KafkaCluster kafka =
          config.runs(Stage.BRONZE) ? services.kafka(given, kafkaTables, inputDir, out) : given;
      Invocation invocation =
          new Invocation(config, project, services, new SourceLocations(inputDir, fxApiUrl, kafka));
      Window first = config.streaming() ? Window.firstOfStream() : Window.batch();
      int exit =
          LedgerRun.run(invocation, config.stages(), c -> true, BronzeStage::run, first, out);
      if (!config.streaming() || exit != 0) {
        return exit;
      }
      if (kafkaTables.isEmpty()) {
        out.println("--streaming: the project has no Kafka source; nothing to stream");
        return exit;
      }
      return Streaming.run(invocation, kafkaTables, first, stop, out);
    } catch (LedgerRun.ReportedFailure e) {
      return 1;
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

  static boolean isKafka(TableContract c) {
    return c.source().kind().equals(SourceSpec.KAFKA);
  }

  private static Warehouse migrated(Warehouse w) {
    Migrations.apply(w);
    return w;
  }

  /** The given input, else the retail sample generated once under the work folder. */
  private static Path inputDir(RunConfig.SourceConfig sources, PrintStream out) throws IOException {
    if (sources.inputDir() != null) {
      return sources.inputDir();
    }
    Path dir = sources.sample().outputDir();
    if (!Files.exists(dir.resolve("manifest.json"))) {
      RetailGenerator.generate(sources.sample());
      out.println("generated the retail sample into " + dir);
    }
    return dir;
  }
}
