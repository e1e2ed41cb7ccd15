package io.strata.pipelines;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.embedded.EmbeddedMlflowServer;
import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.embedded.MlflowEnvironment;
import io.strata.ml.Evaluation;
import io.strata.ml.Example;
import io.strata.ml.Features;
import io.strata.ml.History;
import io.strata.ml.HistoryReader;
import io.strata.ml.MlflowRest;
import io.strata.ml.Models;
import io.strata.ml.Task;
import io.strata.ml.Windows;
import io.strata.pipelines.config.StrataOptions;
import io.strata.transforms.jdbc.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The ml stage against a real PostgreSQL and a real MLflow server, on a small generated sample
 * (seed 42, 400 customers, 84 days: twelve weekly windows, the planted drift on 2026-02-16).
 */
public class MlStageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WORK = "target/it-ml";

  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();
  // A cold install of the MLflow environment takes minutes; a cached one starts in seconds.
  @Rule public final Timeout timeout = Timeout.seconds(900);

  @Test
  public void logsEveryWindowOnceRegistersAChampionAndScoresTheLatestWindow() throws Exception {
    String db = WAREHOUSE.newDatabase();
    String backend = WAREHOUSE.newMlflowBackend();
    try (EmbeddedMlflowServer server =
        EmbeddedMlflowServer.start(
            MlflowEnvironment.ensureInstalled(),
            backend,
            Path.of(WORK, "mlflow-" + System.nanoTime(), "artifacts"))) {
      String first = run(db, server.trackingUri(), "bronze,silver,gold,ml");
      MlflowRest mlflow = new MlflowRest(server.trackingUri());
      Warehouse w = new Warehouse(db, EmbeddedPostgresServer.SUPERUSER, "");
      History history = HistoryReader.read(w);
      Windows windows = Windows.of(history.firstDate(), history.lastDate(), 0, 2);

      for (Task task : Task.values()) {
        String experiment = mlflow.experiment("strata-" + task.id());
        List<JsonNode> runs = allRuns(mlflow, experiment);
        List<Integer> evaluated = windows.evaluated(task);
        assertEquals(first, 1 + evaluated.size(), runs.size());
        JsonNode parent =
            runs.stream()
                .filter(
                    r ->
                        r.at("/data/tags").findValuesAsText("key").contains("strata.git_commit")
                            && !r.at("/data/tags")
                                .findValuesAsText("key")
                                .contains("mlflow.parentRunId"))
                .findFirst()
                .orElseThrow();
        String parentId = parent.at("/info/run_id").asText();
        String primary = Evaluation.primaryMetric(task);
        for (String metric : List.of(primary, "baseline_" + primary)) {
          List<JsonNode> history1 = mlflow.metricHistory(parentId, metric);
          assertEquals(
              metric,
              evaluated,
              history1.stream().map(m -> m.get("step").asInt()).sorted().toList());
        }

        JsonNode champion = mlflow.versionByAlias("strata-" + task.id(), "champion").orElseThrow();
        String version = "strata-" + task.id() + "/" + champion.get("version").asText();
        String championRun = champion.get("run_id").asText();
        String artifactUri = mlflow.getRun(championRun).at("/info/artifact_uri").asText();
        byte[] bytes = mlflow.downloadArtifact(artifactUri, "model/model.tribuo.pb");
        assertTrue(
            new String(
                    mlflow.downloadArtifact(artifactUri, "provenance.json"), StandardCharsets.UTF_8)
                .contains("trainer"));
        assertTrue(
            mlflow.downloadArtifact(
                        mlflow.getRun(parentId).at("/info/artifact_uri").asText(),
                        "metrics_over_windows.png")
                    .length
                > 1000);

        LocalDate latest = windows.ends().get(windows.latest());
        List<Example> examples = Features.examples(task, history, latest, windows.dataEnd());
        double[] scores = Models.score(task, Models.fromBytes(bytes), examples);
        Map<String, Double> stored = new HashMap<>();
        String table = task.classification() ? "gold.customer_scores" : "gold.product_forecast";
        for (List<String> row :
            TestWarehouse.rows(
                db,
                "SELECT "
                    + (task.classification()
                        ? "customer_id, p_repurchase"
                        : "product_id, units_forecast")
                    + ", model_version FROM "
                    + table
                    + " WHERE window_end = '"
                    + latest
                    + "'")) {
          stored.put(row.get(0), Double.parseDouble(row.get(1)));
          assertEquals(version, row.get(2));
        }
        assertEquals(examples.size(), stored.size());
        double[] fromGold = examples.stream().mapToDouble(e -> stored.get(e.id())).toArray();
        assertArrayEquals(
            "the downloaded champion scores as the stage did", fromGold, scores, 1e-9);
      }

      assertRepurchaseQuality(mlflow, history, windows, Path.of(WORK, "input", "manifest.json"));

      Map<String, Integer> before = counts(mlflow);
      run(db, server.trackingUri(), "ml");
      assertEquals("a rerun logs nothing twice", before, counts(mlflow));

      // The same Beam pipeline on a Flink mini-cluster trains the same models on the same examples:
      // every
      // metric of every window comes out equal, and MLflow finds each window already logged.
      String onFlink =
          run(
              db,
              server.trackingUri(),
              "ml",
              "--runner=FlinkRunner",
              "--flinkMaster=[local]",
              "--parallelism=2");
      assertTrue(onFlink, onFlink.contains("runner FlinkRunner"));
      List<List<String>> direct = mlResults(db, runId(first));
      assertTrue(direct.size() > 10);
      org.assertj.core.api.Assertions.assertThat(mlResults(db, runId(onFlink)))
          .containsExactlyElementsOf(direct);
      assertEquals("the FlinkRunner's run logs nothing new", before, counts(mlflow));

      String championBefore =
          mlflow
              .versionByAlias("strata-repurchase", "champion")
              .orElseThrow()
              .get("version")
              .asText();
      run(db, server.trackingUri(), "ml", "--classifier=xgboost");
      assertAliasMovesOnlyOnAWin(mlflow, championBefore);
    }
  }

  /**
   * On every evaluated window the classifier beats its baseline and keeps at least half of the AUC
   * lift the planted model's observable part achieves on the same examples; and the drift shows: a
   * window after the drift date, scored by a model trained on pre-drift labels only, is
   * over-predicted by more than any pre-drift window, as the planted business coefficient falls.
   */
  private static void assertRepurchaseQuality(
      MlflowRest mlflow, History history, Windows windows, Path manifest) throws Exception {
    JsonNode planted = JSON.readTree(manifest.toFile()).get("planted");
    LocalDate drift = LocalDate.parse(planted.get("drift_date").asText());
    String experiment = mlflow.experiment("strata-repurchase");
    String parentId =
        allRuns(mlflow, experiment).stream()
            .filter(r -> !r.at("/data/tags").findValuesAsText("key").contains("mlflow.parentRunId"))
            .findFirst()
            .orElseThrow()
            .at("/info/run_id")
            .asText();
    Map<Integer, Double> auc = byStep(mlflow.metricHistory(parentId, "auc"));
    Map<Integer, Double> baseline = byStep(mlflow.metricHistory(parentId, "baseline_auc"));
    Map<Integer, Double> gap = new HashMap<>();
    Map<Integer, Double> meanPrediction = byStep(mlflow.metricHistory(parentId, "mean_prediction"));
    byStep(mlflow.metricHistory(parentId, "label_rate"))
        .forEach((k, rate) -> gap.put(k, meanPrediction.get(k) - rate));
    double preDriftGap = Double.NEGATIVE_INFINITY;
    double postDriftGap = Double.NEGATIVE_INFINITY;
    for (int k : windows.evaluated(Task.REPURCHASE)) {
      LocalDate end = windows.ends().get(k);
      List<Example> examples = Features.examples(Task.REPURCHASE, history, end, windows.dataEnd());
      double[] labels = examples.stream().mapToDouble(Example::label).toArray();
      double[] oracle =
          examples.stream().mapToDouble(e -> plantedProbability(planted, drift, e, end)).toArray();
      double oracleAuc = Evaluation.auc(labels, oracle);
      double bound = 0.5 + (oracleAuc - 0.5) / 2;
      assertTrue(
          "window " + k + ": auc " + auc.get(k) + " vs baseline " + baseline.get(k),
          auc.get(k) > baseline.get(k));
      assertTrue(
          "window "
              + k
              + ": auc "
              + auc.get(k)
              + " below half the planted lift (planted auc "
              + oracleAuc
              + ")",
          auc.get(k) >= bound);
      if (!end.plusDays(Task.REPURCHASE.horizonDays()).isAfter(drift)) {
        preDriftGap = Math.max(preDriftGap, gap.get(k));
      }
      boolean trainedBeforeDrift =
          windows.trainingRange(Task.REPURCHASE, k).stream()
              .noneMatch(
                  j ->
                      windows.ends().get(j).plusDays(Task.REPURCHASE.horizonDays()).isAfter(drift));
      if (!end.isBefore(drift) && trainedBeforeDrift) {
        postDriftGap = Math.max(postDriftGap, gap.get(k));
      }
    }
    assertTrue(
        "pre-drift gap " + preDriftGap + ", post-drift gap " + postDriftGap,
        postDriftGap > preDriftGap);
  }

  /**
   * P(at least one order in [T, T + 14 days)) under the planted model without the unobservable
   * customer effect, holding the example's features at their values at T.
   */
  private static double plantedProbability(
      JsonNode planted, LocalDate drift, Example e, LocalDate t) {
    JsonNode repurchase = planted.get("repurchase");
    double noOrder = 1;
    for (int d = 0; d < Task.REPURCHASE.horizonDays(); d++) {
      JsonNode k = repurchase.get(t.plusDays(d).isBefore(drift) ? "before" : "after");
      String segment = e.features().containsKey("segment=business") ? "business" : "consumer";
      String country =
          e.features().keySet().stream()
              .filter(f -> f.startsWith("country="))
              .findFirst()
              .orElseThrow()
              .substring(8);
      double z =
          k.get("intercept").asDouble()
              + k.get("segment").get(segment).asDouble()
              + k.get("country").get(country).asDouble()
              + k.get("tenure_years").asDouble()
                  * Math.min(
                      e.features().get("tenure_years"),
                      repurchase.get("tenure_years_cap").asDouble())
              + k.get("orders_last_28d").asDouble()
                  * Math.min(
                      e.features().get("orders_last_28d"),
                      repurchase.get("orders_last_28d_cap").asDouble())
              + k.get("avg_discount").asDouble() * e.features().get("avg_discount");
      noOrder *= 1 - 1 / (1 + Math.exp(-z));
    }
    return 1 - noOrder;
  }

  private static Map<Integer, Double> byStep(List<JsonNode> metrics) {
    Map<Integer, Double> out = new HashMap<>();
    metrics.forEach(m -> out.put(m.get("step").asInt(), m.get("value").asDouble()));
    return out;
  }

  private static List<JsonNode> allRuns(MlflowRest mlflow, String experiment) {
    List<JsonNode> out =
        new ArrayList<>(mlflow.runsTagged(experiment, "strata.task", "repurchase"));
    out.addAll(mlflow.runsTagged(experiment, "strata.task", "weekly_units"));
    return out;
  }

  /**
   * Runs per experiment, metric points per run, versions per model: what a duplicate would change.
   */
  private static Map<String, Integer> counts(MlflowRest mlflow) {
    Map<String, Integer> out = new HashMap<>();
    for (Task task : Task.values()) {
      String experiment = mlflow.experiment("strata-" + task.id());
      for (JsonNode r : allRuns(mlflow, experiment)) {
        String id = r.at("/info/run_id").asText();
        out.put(task + " runs", out.getOrDefault(task + " runs", 0) + 1);
        out.put(id + " points", mlflow.metricHistory(id, Evaluation.primaryMetric(task)).size());
        out.put(
            id + " version", mlflow.versionOfRun("strata-" + task.id(), id).isPresent() ? 1 : 0);
      }
    }
    return out;
  }

  /**
   * A second configuration meets the logistic champion: along its windows the alias changes hands
   * only where the candidate's AUC beats the champion's on that window.
   */
  private static void assertAliasMovesOnlyOnAWin(MlflowRest mlflow, String championBefore) {
    String experiment = mlflow.experiment("strata-repurchase");
    JsonNode xgboost =
        mlflow
            .runsTagged(experiment, "strata.key", "repurchase|xgboost|expanding|seed-42|warmup-2")
            .get(0);
    String id = xgboost.at("/info/run_id").asText();
    Map<Integer, Double> auc = byStep(mlflow.metricHistory(id, "auc"));
    Map<Integer, Double> championAuc = byStep(mlflow.metricHistory(id, "champion_auc"));
    Map<Integer, Double> version = byStep(mlflow.metricHistory(id, "champion_version"));
    String previous = championBefore;
    for (int k : new java.util.TreeSet<>(version.keySet())) {
      String now = Integer.toString(version.get(k).intValue());
      if (!now.equals(previous)) {
        assertTrue(
            "window " + k + ": alias moved to " + now + " without a head-to-head",
            championAuc.containsKey(k));
        assertTrue("window " + k + ": alias moved without a win", auc.get(k) > championAuc.get(k));
      }
      previous = now;
    }
    assertEquals(
        previous,
        mlflow
            .versionByAlias("strata-repurchase", "champion")
            .orElseThrow()
            .get("version")
            .asText());
  }

  /**
   * A run's ML results, without what differs between two trainings of the same model: the fit's
   * duration and the provenance (and the protobuf carrying it), which record when and where it ran.
   */
  private static List<List<String>> mlResults(String db, String runId)
      throws java.sql.SQLException {
    return TestWarehouse.rows(
        db,
        "SELECT task, kind, window_index, model_window,"
            + " (payload - 'fitMillis' - 'provenanceJson' - 'model') #- '{metrics,fit_seconds}'"
            + " FROM ops.ml_results WHERE run_id = '"
            + runId
            + "' ORDER BY 1, 2, 3, 4");
  }

  private static String runId(String output) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("strata run (\\S+):").matcher(output);
    assertTrue(output, m.find());
    return m.group(1);
  }

  private static String run(String db, String trackingUri, String stages, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--jdbcUrl=" + db,
                "--jdbcUser=" + EmbeddedPostgresServer.SUPERUSER,
                "--workDir=" + WORK,
                "--stages=" + stages,
                "--mlflowTrackingUri=" + trackingUri,
                "--customers=400",
                "--days=84",
                "--seed=42"));
    args.addAll(List.of(extra));
    StrataOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
            .withValidation()
            .as(StrataOptions.class);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit = StrataRun.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String output = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(output);
    assertEquals(output, 0, exit);
    return output;
  }
}
