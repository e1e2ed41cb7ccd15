package io.strata.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.transforms.jdbc.PgCopy;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.job.StageJob;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.tribuo.Model;

/**
 * The {@code ml} stage: runs {@link MlPipeline}, then logs its results to MLflow, moves each task's
 * {@code champion} alias, and writes the champion's scores at the latest window end to
 * gold.customer_scores and gold.product_forecast.
 *
 * <p>MLflow layout: one experiment per task ({@code strata-repurchase}, {@code
 * strata-weekly_units}); in it one parent run per configuration (algorithm, training mode, seed,
 * warm-up) whose step metrics are the prequential curve over windows; one child run per window
 * holding that window's model, params and artifacts, registered as a version of the task's model.
 * The {@code champion} alias moves only when a window's candidate beats the alias holder (from any
 * configuration or earlier run, downloaded from MLflow) on that window's examples. A rerun logs
 * nothing twice: every run carries a deterministic {@code strata.key} tag (the configuration, plus
 * for a window its end and a hash of its training examples) that is looked up before anything is
 * created, and a window whose child run exists is not logged again.
 */
public final class MlStage {
  public static final String CHAMPION = "champion";
  static final String KEY_TAG = "strata.key";

  private MlStage() {}

  /** Where the stage runs and what it tags runs with. */
  public record Context(
      Warehouse warehouse,
      String runId,
      String trackingUri,
      String runner,
      String gitCommit,
      MlConfig config,
      PipelineOptions pipelineOptions) {}

  /** Per task: the registered model name, the champion's version and window, the rows scored. */
  public record TaskOutcome(
      Task task,
      String registeredModel,
      String championVersion,
      int championWindow,
      String latestWindowEnd,
      int scoredRows,
      Map<Integer, Map<String, Double>> metricsByWindow) {}

  public static List<TaskOutcome> run(Context ctx, PrintStream out) throws SQLException {
    LocalDate[] span = span(ctx.warehouse());
    Windows windows =
        Windows.of(span[0], span[1], ctx.config().trainingWindows(), ctx.config().warmupWindows());
    Pipeline p = Pipeline.create(ctx.pipelineOptions());
    MlPipeline.build(p, ctx.warehouse(), ctx.runId(), windows, ctx.config());
    // Nothing is logged to MLflow, registered or scored unless the job that trained ended DONE.
    StageJob job = StageJob.run(p, "ml");
    out.printf(
        "ml: pipeline trained and evaluated %d windows per task in %.0f ms%n",
        windows.evaluated(Task.REPURCHASE).size(), job.seconds() * 1000);
    History history = HistoryReader.read(ctx.warehouse());
    MlflowRest mlflow = new MlflowRest(ctx.trackingUri());
    List<TaskOutcome> outcomes = new ArrayList<>();
    for (Task task : Task.values()) {
      outcomes.add(runTask(ctx, task, windows, history, mlflow, out));
    }
    return outcomes;
  }

  private static TaskOutcome runTask(
      Context ctx, Task task, Windows windows, History history, MlflowRest mlflow, PrintStream out)
      throws SQLException {
    Map<Integer, WindowResult.Trained> models = new TreeMap<>();
    Map<Integer, Map<Integer, WindowResult.Evaluated>> evaluations = new TreeMap<>();
    readResults(ctx.warehouse(), ctx.runId(), task, models, evaluations);
    MlConfig config = ctx.config();
    String registered = "strata-" + task.id();
    String experimentId = mlflow.experiment("strata-" + task.id());
    String parentKey =
        String.join(
            "|",
            task.id(),
            config.algorithm(task),
            config.trainingMode(),
            "seed-" + config.seed(),
            "warmup-" + config.warmupWindows());
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("strata.run_id", ctx.runId());
    tags.put("strata.git_commit", ctx.gitCommit());
    tags.put("strata.runner", ctx.runner());
    tags.put("strata.task", task.id());
    JsonNode parent =
        findOrCreate(
            mlflow,
            experimentId,
            parentKey,
            task.id() + " · " + config.algorithm(task) + " · " + config.trainingMode(),
            tags);
    String parentId = parent.get("run_id").asText();
    mlflow.registeredModel(
        registered,
        "Strata "
            + task.id()
            + " models, one version per weekly window; alias "
            + CHAMPION
            + " = the version that won its last head-to-head on a window");
    String primary = Evaluation.primaryMetric(task);
    Champion champion = currentChampion(mlflow, registered).orElse(null);
    Map<Integer, Map<String, Double>> metricsByWindow = new TreeMap<>();
    for (Map.Entry<Integer, WindowResult.Trained> entry : models.entrySet()) {
      int k = entry.getKey();
      WindowResult.Trained m = entry.getValue();
      LocalDate end = windows.ends().get(k);
      Map<String, Double> own = evaluations.get(k).get(k).metrics();
      String childKey = parentKey + "|" + m.windowEnd() + "|" + m.dataHash();
      List<JsonNode> existing = mlflow.runsTagged(experimentId, KEY_TAG, childKey);
      boolean logged = !existing.isEmpty();
      JsonNode child;
      if (logged) {
        child = existing.get(0).get("info");
      } else {
        Map<String, String> childTags = new LinkedHashMap<>(tags);
        childTags.put("mlflow.parentRunId", parentId);
        childTags.put(KEY_TAG, childKey);
        childTags.put("strata.window_end", m.windowEnd());
        child =
            mlflow.createRun(experimentId, String.format("w%02d %s", k, m.windowEnd()), childTags);
      }
      String childId = child.get("run_id").asText();
      String artifacts = child.get("artifact_uri").asText();
      byte[] modelBytes = bytesOfModel(ctx.warehouse(), ctx.runId(), task, k);
      if (!logged) {
        mlflow.uploadArtifact(artifacts, "model/model.tribuo.pb", modelBytes);
        mlflow.uploadArtifact(
            artifacts, "provenance.json", m.provenanceJson().getBytes(StandardCharsets.UTF_8));
        mlflow.uploadArtifact(
            artifacts, "evaluation.json", json(evaluationJson(m, evaluations.get(k))));
      }
      String version =
          mlflow
              .versionOfRun(registered, childId)
              .orElseGet(
                  () ->
                      mlflow.createVersion(
                          registered,
                          artifacts + "/model",
                          childId,
                          Map.of("window_end", m.windowEnd(), "algorithm", m.algorithm())));

      // The head-to-head: the champion, whichever configuration or run produced it, against this
      // window's candidate on this window's examples; only a champion trained by this window's end
      // qualifies.
      Map<String, Double> stepMetrics = new LinkedHashMap<>(own);
      Double championScore =
          champion == null || champion.windowEnd().isAfter(end)
              ? null
              : champion.version().equals(version)
                  ? own.get(primary)
                  : metric(
                          task,
                          champion.model(),
                          Features.examples(task, history, end, windows.dataEnd()))
                      .get(primary);
      if (championScore != null) {
        stepMetrics.put("champion_" + primary, championScore);
      }
      if (champion == null
          || (championScore != null && Evaluation.better(task, own.get(primary), championScore))) {
        champion = new Champion(version, end, Models.fromBytes(modelBytes));
        out.printf("ml %s w%02d: version %s becomes %s%n", task.id(), k, version, CHAMPION);
      }
      stepMetrics.put("champion_version", Double.parseDouble(champion.version()));
      metricsByWindow.put(k, stepMetrics);
      if (!logged) {
        mlflow.logParams(childId, params(m, config, windows));
        mlflow.logMetrics(childId, stepMetrics, k);
        mlflow.finishRun(childId);
        mlflow.logMetrics(parentId, stepMetrics, k);
      }
      out.printf(
          "ml %s w%02d %s: %s%n", task.id(), k, m.windowEnd(), summary(task, stepMetrics, m));
    }
    if (champion == null) {
      throw new IllegalStateException("ml " + task.id() + ": no window was evaluated");
    }
    mlflow.setAlias(registered, CHAMPION, champion.version());
    int championWindow = windows.ends().indexOf(champion.windowEnd());
    logParentArtifacts(mlflow, parent, task, config, windows, metricsByWindow, championWindow);
    mlflow.finishRun(parentId);
    int scored =
        writePredictions(
            ctx, task, windows, history, champion.model(), registered + "/" + champion.version());
    String latest = windows.ends().get(windows.latest()).toString();
    out.printf(
        "ml %s: %s = version %s (trained for %s); scored %d rows at %s%n",
        task.id(), CHAMPION, champion.version(), champion.windowEnd(), scored, latest);
    return new TaskOutcome(
        task, registered, champion.version(), championWindow, latest, scored, metricsByWindow);
  }

  /** The version holding the alias, the window end it was trained for, and its model. */
  private record Champion(String version, LocalDate windowEnd, Model<?> model) {}

  /**
   * The alias holder from earlier runs of any configuration, with its model downloaded from MLflow.
   */
  private static Optional<Champion> currentChampion(MlflowRest mlflow, String registered) {
    return mlflow
        .versionByAlias(registered, CHAMPION)
        .map(
            v -> {
              String windowEnd = null;
              for (JsonNode tag : v.path("tags")) {
                if (tag.get("key").asText().equals("window_end")) {
                  windowEnd = tag.get("value").asText();
                }
              }
              if (windowEnd == null) {
                throw new IllegalStateException(
                    registered
                        + " version "
                        + v.get("version").asText()
                        + " holds "
                        + CHAMPION
                        + " but has no window_end tag: it was not registered by Strata");
              }
              String artifacts =
                  mlflow.getRun(v.get("run_id").asText()).at("/info/artifact_uri").asText();
              return new Champion(
                  v.get("version").asText(),
                  LocalDate.parse(windowEnd),
                  Models.fromBytes(mlflow.downloadArtifact(artifacts, "model/model.tribuo.pb")));
            });
  }

  private static Map<String, Double> metric(Task task, Model<?> model, List<Example> examples) {
    double[] labels = examples.stream().mapToDouble(Example::label).toArray();
    double[] scores = Models.score(task, model, examples);
    return task.classification()
        ? Evaluation.classification(labels, scores)
        : Evaluation.regression(labels, scores);
  }

  private static JsonNode findOrCreate(
      MlflowRest mlflow, String experimentId, String key, String name, Map<String, String> tags) {
    List<JsonNode> found = mlflow.runsTagged(experimentId, KEY_TAG, key);
    if (!found.isEmpty()) {
      return found.get(0).get("info");
    }
    Map<String, String> all = new LinkedHashMap<>(tags);
    all.put(KEY_TAG, key);
    return mlflow.createRun(experimentId, name, all);
  }

  private static SortedMap<String, String> params(
      WindowResult.Trained m, MlConfig config, Windows windows) {
    SortedMap<String, String> p = new TreeMap<>(m.params());
    p.put("window.index", Integer.toString(m.window()));
    p.put("window.end", m.windowEnd());
    p.put("window.start", windows.ends().get(m.window()).minusWeeks(1).toString());
    p.put("train.first_window_end", m.trainFrom());
    p.put("train.last_window_end", m.trainTo());
    p.put("train.windows", Integer.toString(m.trainLast() - m.trainFirst() + 1));
    p.put("train.rows", Integer.toString(m.trainRows()));
    p.put("train.mode", config.trainingMode());
    p.put("algorithm", m.algorithm());
    p.put("seed", Long.toString(config.seed()));
    p.put("data_hash", m.dataHash());
    return p;
  }

  private static ObjectNode evaluationJson(
      WindowResult.Trained m, Map<Integer, WindowResult.Evaluated> onWindow) {
    ObjectNode root = MlPipeline.JSON.createObjectNode();
    root.put("task", m.task());
    root.put("window", m.window());
    root.put("window_end", m.windowEnd());
    root.put("train_rows", m.trainRows());
    root.put("fit_millis", m.fitMillis());
    ObjectNode byModel = root.putObject("metrics_by_model_window");
    onWindow.forEach(
        (j, e) -> byModel.set(Integer.toString(j), MlPipeline.JSON.valueToTree(e.metrics())));
    return root;
  }

  private static void logParentArtifacts(
      MlflowRest mlflow,
      JsonNode parent,
      Task task,
      MlConfig config,
      Windows windows,
      Map<Integer, Map<String, Double>> metricsByWindow,
      int champion) {
    List<String> shown =
        task.classification()
            ? List.of(
                "auc",
                "baseline_auc",
                "log_loss",
                "baseline_log_loss",
                "f1",
                "label_rate",
                "mean_prediction")
            : List.of("rmse", "baseline_rmse", "mae", "baseline_mae", "r2");
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (String name : shown) {
      List<double[]> points = new ArrayList<>();
      metricsByWindow.forEach(
          (k, m) -> {
            if (m.containsKey(name)) {
              points.add(new double[] {k, m.get(name)});
            }
          });
      series.put(name, points);
    }
    String artifacts = parent.get("artifact_uri").asText();
    mlflow.uploadArtifact(
        artifacts,
        "metrics_over_windows.png",
        MetricsChart.png(
            "strata " + task.id() + " · " + config.algorithm(task) + " · " + config.trainingMode(),
            series,
            champion));
    ObjectNode root = MlPipeline.JSON.createObjectNode();
    ObjectNode w = root.putObject("windows");
    metricsByWindow.forEach(
        (k, m) -> {
          ObjectNode node = w.putObject(Integer.toString(k));
          node.put("window_end", windows.ends().get(k).toString());
          node.set("metrics", MlPipeline.JSON.valueToTree(m));
        });
    mlflow.uploadArtifact(artifacts, "evaluation.json", json(root));
  }

  private static byte[] json(JsonNode node) {
    try {
      return MlPipeline.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String summary(Task task, Map<String, Double> m, WindowResult.Trained t) {
    double maxPsi =
        m.entrySet().stream()
            .filter(e -> e.getKey().startsWith("psi_"))
            .mapToDouble(Map.Entry::getValue)
            .max()
            .orElse(0);
    return task.classification()
        ? String.format(
            "auc %.3f (baseline %.3f) log_loss %.3f (baseline %.3f) f1 %.3f label_rate %.3f mean_p %.3f max_psi %.3f train_rows %d fit %d ms",
            m.get("auc"),
            m.get("baseline_auc"),
            m.get("log_loss"),
            m.get("baseline_log_loss"),
            m.get("f1"),
            m.get("label_rate"),
            m.get("mean_prediction"),
            maxPsi,
            t.trainRows(),
            t.fitMillis())
        : String.format(
            "rmse %.3f (baseline %.3f) mae %.3f (baseline %.3f) r2 %.3f max_psi %.3f train_rows %d fit %d ms",
            m.get("rmse"),
            m.get("baseline_rmse"),
            m.get("mae"),
            m.get("baseline_mae"),
            m.get("r2"),
            maxPsi,
            t.trainRows(),
            t.fitMillis());
  }

  /**
   * The champion scores every entity at the latest window end; COPY to a staging table, then one
   * upsert.
   */
  private static int writePredictions(
      Context ctx, Task task, Windows windows, History history, Model<?> model, String modelVersion)
      throws SQLException {
    LocalDate end = windows.ends().get(windows.latest());
    List<Example> examples = Features.examples(task, history, end, windows.dataEnd());
    double[] scores = Models.score(task, model, examples);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      rows.add(new Object[] {examples.get(i).id(), end, scores[i], modelVersion});
    }
    String table = task.classification() ? "gold.customer_scores" : "gold.product_forecast";
    List<String> columns =
        task.classification()
            ? List.of("customer_id", "window_end", "p_repurchase", "model_version")
            : List.of("product_id", "window_end", "units_forecast", "model_version");
    try (Connection c = ctx.warehouse().connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TEMP TABLE ml_scores_staging (LIKE " + table + ") ON COMMIT DROP");
        PgCopy.copy(c, "ml_scores_staging", columns, rows);
        String cols = String.join(", ", columns);
        s.execute(
            "INSERT INTO "
                + table
                + " ("
                + cols
                + ") SELECT "
                + cols
                + " FROM ml_scores_staging ON CONFLICT ("
                + columns.get(0)
                + ", window_end) DO UPDATE SET "
                + columns.get(2)
                + " = EXCLUDED."
                + columns.get(2)
                + ", model_version = EXCLUDED.model_version");
      }
      c.commit();
    }
    return rows.size();
  }

  private static LocalDate[] span(Warehouse w) throws SQLException {
    try (Connection c = w.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT min(order_date), max(order_date) FROM gold.fact_order_lines")) {
      rs.next();
      if (rs.getDate(1) == null) {
        throw new IllegalStateException(
            "gold.fact_order_lines is empty: run the gold stage before ml");
      }
      return new LocalDate[] {rs.getDate(1).toLocalDate(), rs.getDate(2).toLocalDate()};
    }
  }

  private static void readResults(
      Warehouse w,
      String runId,
      Task task,
      Map<Integer, WindowResult.Trained> models,
      Map<Integer, Map<Integer, WindowResult.Evaluated>> evaluations)
      throws SQLException {
    try (Connection c = w.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT kind, window_index, model_window, payload::text FROM ops.ml_results WHERE run_id = ? AND task = ?")) {
      s.setString(1, runId);
      s.setString(2, task.id());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1).equals("model")) {
            models.put(
                rs.getInt(2),
                MlPipeline.JSON.readValue(rs.getString(4), WindowResult.Trained.class));
          } else {
            evaluations
                .computeIfAbsent(rs.getInt(2), k -> new TreeMap<>())
                .put(
                    rs.getInt(3),
                    MlPipeline.JSON.readValue(rs.getString(4), WindowResult.Evaluated.class));
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "ops.ml_results holds a payload this version cannot read: " + e.getMessage(), e);
    }
  }

  private static byte[] bytesOfModel(Warehouse w, String runId, Task task, int window)
      throws SQLException {
    try (Connection c = w.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT model FROM ops.ml_results WHERE run_id = ? AND task = ? AND kind = 'model' AND window_index = ?")) {
      s.setString(1, runId);
      s.setString(2, task.id());
      s.setInt(3, window);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException(
              "no model of " + task.id() + " window " + window + " in run " + runId);
        }
        return rs.getBytes(1);
      }
    }
  }

  /** The commit being run, for the tag; "unknown" outside a git checkout. */
  public static String gitCommit() {
    try {
      Process git =
          new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      if (!git.waitFor(5, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        return "unknown";
      }
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.exitValue() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
