package io.strata.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.jdbc.WarehouseFn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.tribuo.Model;

/**
 * The ML pipeline: the history is read once from PostgreSQL and shared as a side input; per task
 * and evaluated window one element trains the model used at that window (on the windows labelled by
 * its end) and another evaluates every model trained so far on that window's examples, which gives
 * the prequential metrics, the baselines, the drift and the champion comparison. Every result lands
 * in ops.ml_results under the Strata run id, keyed, so a replayed bundle rewrites the same rows.
 */
public final class MlPipeline {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SECRET =
      Pattern.compile("(?i).*(password|secret|token|credential|apikey|api_key).*");

  private MlPipeline() {}

  /** One unit of work: a task at a window index. */
  public record WindowTask(Task task, int window) implements java.io.Serializable {}

  /**
   * Adds the ML graph to {@code p}: history from the warehouse, results to ops.ml_results under
   * {@code runId}.
   */
  public static void build(
      Pipeline p, Warehouse warehouse, String runId, Windows windows, MlConfig config) {
    PCollection<History> history =
        p.apply("HistoryKey", Create.of("history"))
            .apply("ReadHistory", ParDo.of(new ReadHistoryFn(warehouse)))
            .setCoder(SerializableCoder.of(History.class));
    Results results = trainAndEvaluate(p, history, windows, config);
    results.models().apply("WriteModels", ParDo.of(new WriteFn<>(warehouse, runId)));
    results.evaluations().apply("WriteEvaluations", ParDo.of(new WriteFn<>(warehouse, runId)));
  }

  /**
   * What {@link #trainAndEvaluate} produces: one model per task and evaluated window, and every
   * evaluation.
   */
  public record Results(
      PCollection<WindowResult.Trained> models, PCollection<WindowResult.Evaluated> evaluations) {}

  /**
   * The training and prequential evaluation of every task and window, over a one-element history.
   */
  public static Results trainAndEvaluate(
      Pipeline p, PCollection<History> historyRows, Windows windows, MlConfig config) {
    PCollectionView<History> history = historyRows.apply("HistoryView", View.asSingleton());
    List<WindowTask> work = new ArrayList<>();
    for (Task task : Task.values()) {
      windows.evaluated(task).forEach(k -> work.add(new WindowTask(task, k)));
    }
    if (work.isEmpty()) {
      throw new IllegalStateException(
          "no window to evaluate: the data spans "
              + windows.ends().size()
              + " window ends, fewer than warm-up plus label horizon need");
    }
    PCollection<WindowTask> tasks =
        p.apply("Windows", Create.of(work).withCoder(SerializableCoder.of(WindowTask.class)));
    PCollection<WindowResult.Trained> models =
        tasks
            .apply("Train", ParDo.of(new TrainFn(history, windows, config)).withSideInputs(history))
            .setCoder(SerializableCoder.of(WindowResult.Trained.class));
    PCollectionView<List<WindowResult.Trained>> modelsView =
        models.apply("ModelsView", View.asList());
    PCollection<WindowResult.Evaluated> evaluations =
        tasks
            .apply(
                "Evaluate",
                ParDo.of(new EvaluateFn(history, modelsView, windows))
                    .withSideInputs(history, modelsView))
            .setCoder(SerializableCoder.of(WindowResult.Evaluated.class));
    return new Results(models, evaluations);
  }

  static final class ReadHistoryFn extends WarehouseFn<String, History> {
    ReadHistoryFn(Warehouse warehouse) {
      super(warehouse);
    }

    @ProcessElement
    public void process(OutputReceiver<History> out) {
      out.output(HistoryReader.read(connections()));
    }
  }

  /** Examples of the windows in a model's training range. */
  static List<Example> trainingExamples(
      Task task, History h, Windows windows, List<Integer> range) {
    List<Example> out = new ArrayList<>();
    for (int j : range) {
      out.addAll(Features.examples(task, h, windows.ends().get(j), windows.dataEnd()));
    }
    return out;
  }

  /** Trains the model used at a window; the fit is timed. */
  public static WindowResult.Trained train(
      Task task, int k, History h, Windows windows, MlConfig config) {
    List<Integer> range = windows.trainingRange(task, k);
    List<Example> examples = trainingExamples(task, h, windows, range);
    String description =
        "strata "
            + task.id()
            + " windows "
            + windows.ends().get(range.get(0))
            + ".."
            + windows.ends().get(range.get(range.size() - 1));
    long started = System.nanoTime();
    Model<?> model = Models.train(task, config, examples, description);
    long fitMillis = (System.nanoTime() - started) / 1_000_000;
    double labelMean = examples.stream().mapToDouble(Example::label).average().orElse(0);
    return new WindowResult.Trained(
        task.id(),
        k,
        windows.ends().get(k).toString(),
        range.get(0),
        range.get(range.size() - 1),
        windows.ends().get(range.get(0)).toString(),
        windows.ends().get(range.get(range.size() - 1)).toString(),
        examples.size(),
        labelMean,
        fitMillis,
        config.algorithm(task),
        trainerParams(model),
        provenanceJson(model),
        hash(examples),
        Models.toBytes(model));
  }

  /** The trainer's configuration from Tribuo's provenance, flattened; secrets never leave. */
  static SortedMap<String, String> trainerParams(Model<?> model) {
    SortedMap<String, String> out = new TreeMap<>();
    flatten(
        "trainer", ProvenanceUtil.convertToMap(model.getProvenance().getTrainerProvenance()), out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Object value, SortedMap<String, String> out) {
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        flatten(prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        flatten(prefix + "." + i, list.get(i), out);
      }
    } else {
      out.put(prefix, SECRET.matcher(prefix).matches() ? "<redacted>" : String.valueOf(value));
    }
  }

  static String provenanceJson(Model<?> model) {
    try {
      Map<String, Object> map = ProvenanceUtil.convertToMap(model.getProvenance());
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(redact(map));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("provenance is not JSON-serialisable", e);
    }
  }

  private static Object redact(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) ->
              out.put(
                  String.valueOf(k),
                  SECRET.matcher(String.valueOf(k)).matches() ? "<redacted>" : redact(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(MlPipeline::redact).toList();
    }
    return value;
  }

  static String hash(List<Example> examples) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Example e : examples) {
        sha.update(
            (e.id() + e.windowEnd() + e.features() + e.label() + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Prequential metrics of window k: every model trained up to k (the one used at k, and older ones
   * that may be the champion) scored on k's examples; for the model used at k also the baseline
   * (the training range's base rate or mean) and the PSI of each numeric feature between the
   * training range and the window.
   */
  public static List<WindowResult.Evaluated> evaluate(
      Task task, int k, History h, Windows windows, List<WindowResult.Trained> models) {
    List<Example> examples = Features.examples(task, h, windows.ends().get(k), windows.dataEnd());
    double[] labels = examples.stream().mapToDouble(Example::label).toArray();
    List<WindowResult.Evaluated> out = new ArrayList<>();
    for (WindowResult.Trained m : models) {
      if (!m.task().equals(task.id()) || m.window() > k) {
        continue;
      }
      double[] scores = Models.score(task, Models.fromBytes(m.model()), examples);
      Map<String, Double> metrics = new LinkedHashMap<>(metrics(task, labels, scores));
      if (m.window() == k) {
        double[] constant = new double[labels.length];
        java.util.Arrays.fill(constant, m.trainLabelMean());
        metrics(task, labels, constant).forEach((name, v) -> metrics.put("baseline_" + name, v));
        List<Example> training = trainingExamples(task, h, windows, windows.trainingRange(task, k));
        for (String feature : numericFeatures(examples)) {
          metrics.put(
              "psi_" + feature,
              Evaluation.psi(
                  training.stream().map(e -> e.features().getOrDefault(feature, 0.0)).toList(),
                  examples.stream().map(e -> e.features().getOrDefault(feature, 0.0)).toList()));
        }
        metrics.put("train_rows", (double) m.trainRows());
        metrics.put("eval_rows", (double) examples.size());
        metrics.put("fit_seconds", m.fitMillis() / 1000.0);
      }
      out.add(new WindowResult.Evaluated(task.id(), k, m.window(), examples.size(), metrics));
    }
    return out;
  }

  private static Map<String, Double> metrics(Task task, double[] labels, double[] scores) {
    return task.classification()
        ? Evaluation.classification(labels, scores)
        : Evaluation.regression(labels, scores);
  }

  /** Features that are not one-hot indicators. */
  static List<String> numericFeatures(List<Example> examples) {
    return examples.isEmpty()
        ? List.of()
        : examples.get(0).features().keySet().stream().filter(f -> !f.contains("=")).toList();
  }

  static final class TrainFn extends DoFn<WindowTask, WindowResult.Trained> {
    private final PCollectionView<History> history;
    private final Windows windows;
    private final MlConfig config;

    TrainFn(PCollectionView<History> history, Windows windows, MlConfig config) {
      this.history = history;
      this.windows = windows;
      this.config = config;
    }

    @ProcessElement
    public void process(@Element WindowTask w, ProcessContext c) {
      c.output(train(w.task(), w.window(), c.sideInput(history), windows, config));
    }
  }

  static final class EvaluateFn extends DoFn<WindowTask, WindowResult.Evaluated> {
    private final PCollectionView<History> history;
    private final PCollectionView<List<WindowResult.Trained>> models;
    private final Windows windows;

    EvaluateFn(
        PCollectionView<History> history,
        PCollectionView<List<WindowResult.Trained>> models,
        Windows windows) {
      this.history = history;
      this.models = models;
      this.windows = windows;
    }

    @ProcessElement
    public void process(@Element WindowTask w, ProcessContext c) {
      evaluate(w.task(), w.window(), c.sideInput(history), windows, c.sideInput(models))
          .forEach(c::output);
    }
  }

  /** Upserts a result into ops.ml_results: JSON payload, model bytes apart. */
  static final class WriteFn<T> extends WarehouseFn<T, Void> {
    private final String runId;

    WriteFn(Warehouse warehouse, String runId) {
      super(warehouse);
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element T result)
        throws SQLException, com.fasterxml.jackson.core.JsonProcessingException {
      String task;
      String kind;
      int window;
      int modelWindow;
      byte[] model = null;
      Object payload = result;
      if (result instanceof WindowResult.Trained t) {
        task = t.task();
        kind = "model";
        window = t.window();
        modelWindow = t.window();
        model = t.model();
        payload =
            new WindowResult.Trained(
                t.task(),
                t.window(),
                t.windowEnd(),
                t.trainFirst(),
                t.trainLast(),
                t.trainFrom(),
                t.trainTo(),
                t.trainRows(),
                t.trainLabelMean(),
                t.fitMillis(),
                t.algorithm(),
                t.params(),
                t.provenanceJson(),
                t.dataHash(),
                null);
      } else {
        WindowResult.Evaluated e = (WindowResult.Evaluated) result;
        task = e.task();
        kind = "evaluation";
        window = e.window();
        modelWindow = e.modelWindow();
      }
      try (Connection c = connect();
          PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO ops.ml_results (run_id, task, kind, window_index, model_window, payload, model)"
                      + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (run_id, task, kind, window_index, model_window)"
                      + " DO UPDATE SET payload = EXCLUDED.payload, model = EXCLUDED.model")) {
        s.setString(1, runId);
        s.setString(2, task);
        s.setString(3, kind);
        s.setInt(4, window);
        s.setInt(5, modelWindow);
        s.setString(6, JSON.writeValueAsString(payload));
        s.setBytes(7, model);
        s.executeUpdate();
      }
    }
  }
}
