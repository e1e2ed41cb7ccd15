package io.strata.pipelines;

import io.strata.pipelines.ledger.Ledger;
import io.strata.pipelines.ledger.TableCounts;
import io.strata.pipelines.retail.generate.GeneratorConfig;
import io.strata.pipelines.retail.generate.RetailGenerator;
import io.strata.pipelines.runner.FlinkSetup;
import io.strata.pipelines.stages.BronzeStage;
import io.strata.pipelines.stages.GoldStage;
import io.strata.pipelines.stages.SilverStage;
import io.strata.pipelines.stages.StageContext;
import io.strata.transforms.contract.Project;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.TableDdl;
import io.strata.transforms.jdbc.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;

/**
 * {@code run}: every stage of a project from raw input to gold, then the reconciliation gate. Returns
 * the process exit code: 0 when every stage ran and every count reconciles, 1 otherwise.
 */
public final class StrataRun {
  private static final Set<String> STAGES = Set.of("bronze", "silver", "gold", "ml");

  private StrataRun() {}

  public static int run(StrataOptions o) {
    return run(o, System.out);
  }

  public static int run(StrataOptions o, PrintStream out) {
    Set<String> stages = stages(o.getStages());
    Project project = Project.load(projectDir(o));
    FlinkSetup.prepare(o, Path.of(o.getWorkDir()));
    try (Services services = Services.start(o)) {
      Warehouse w = services.warehouse();
      migrate(w);
      Path inputDir = inputDir(o, out);
      String fxApiUrl = services.fxApiUrl(o.getFxApiUrl(), inputDir.resolve("fx"));
      try (Connection c = w.connect()) {
        for (TableContract contract : project.contracts()) {
          TableDdl.ensure(c, contract);
        }
      }
      String runId = newRunId();
      Ledger ledger = new Ledger(w, runId);
      ledger.start(o.getRunner().getSimpleName(), String.join(",", stages), project.dir().toString());
      StageContext ctx = new StageContext(project, w, runId, inputDir, fxApiUrl, o.getBatchSize(), o);
      out.printf("strata run %s: project %s, input %s, runner %s%n", runId, project.dir(), inputDir, o.getRunner().getSimpleName());
      try {
        runStages(ctx, stages, ledger, out);
      } catch (RuntimeException | SQLException e) {
        ledger.finish(false, e.getMessage());
        out.println("FAILED: " + e.getMessage());
        throw e;
      }
      ledger.print(out);
      List<String> problems = ledger.discrepancies();
      ledger.finish(problems.isEmpty(), problems.isEmpty() ? null : String.join("; ", problems));
      out.println();
      out.println("warehouse: " + services.psqlHint());
      out.println("ledger:    SELECT * FROM ops.table_counts WHERE run_id = '" + runId + "';");
      if (!problems.isEmpty()) {
        out.println("RECONCILIATION FAILED:");
        problems.forEach(p -> out.println("  " + p));
        return 1;
      }
      out.println("run " + runId + " succeeded: every count reconciles");
      return 0;
    } catch (SQLException | IOException | RuntimeException e) {
      System.err.println("strata run failed: " + e.getMessage());
      return 1;
    }
  }

  private static void runStages(StageContext ctx, Set<String> stages, Ledger ledger, PrintStream out) throws SQLException {
    if (stages.contains("bronze")) {
      for (TableCounts t : BronzeStage.run(ctx)) {
        ledger.record(t);
      }
      out.println("bronze: done");
    }
    if (stages.contains("silver")) {
      for (TableContract contract : ctx.project().contracts()) {
        if (BronzeStage.tables(ctx).contains(contract)) {
          ledger.record(SilverStage.run(ctx, contract));
        }
      }
      out.println("silver: done");
    }
    if (stages.contains("gold")) {
      out.println("gold: " + String.join(", ", GoldStage.run(ctx.warehouse(), ctx.project())));
    }
    if (stages.contains("ml")) {
      out.println("ml: not built yet (issue 5); skipped");
    }
  }

  static void migrate(Warehouse w) {
    Flyway.configure().dataSource(w.dataSource()).locations("classpath:db/migration").load().migrate();
  }

  private static Set<String> stages(String spec) {
    Set<String> stages = Arrays.stream(spec.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    for (String s : stages) {
      if (!STAGES.contains(s)) {
        throw new IllegalArgumentException("--stages: unknown stage '" + s + "' (use " + String.join(",", List.of("bronze", "silver", "gold", "ml")) + ")");
      }
    }
    return stages;
  }

  /** The given project folder, else the bundled retail sample. */
  static Path projectDir(StrataOptions o) {
    if (o.getProjectDir() != null) {
      return Path.of(o.getProjectDir());
    }
    for (Path candidate : List.of(Path.of("pipelines", "retail"), Path.of("retail"))) {
      if (Files.isDirectory(candidate.resolve("contracts"))) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("no --projectDir given and the retail sample (pipelines/retail) is not here; run from the repository root");
  }

  /** The given input, else the retail sample generated once under the work folder. */
  private static Path inputDir(StrataOptions o, PrintStream out) throws IOException {
    if (o.getInputDir() != null) {
      return Path.of(o.getInputDir());
    }
    Path dir = Path.of(o.getWorkDir(), "input");
    if (!Files.exists(dir.resolve("manifest.json"))) {
      GeneratorConfig defaults = GeneratorConfig.defaults(dir);
      RetailGenerator.generate(new GeneratorConfig(dir, o.getSeed(), o.getDays(), o.getCustomers(), defaults.startDate()));
      out.println("generated the retail sample into " + dir);
    }
    return dir;
  }

  private static String newRunId() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(Instant.now().atOffset(ZoneOffset.UTC))
        + "-" + UUID.randomUUID().toString().substring(0, 6);
  }
}
