package io.strata.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.ml.Evaluation;
import io.strata.ml.Example;
import io.strata.ml.Features;
import io.strata.ml.History;
import io.strata.ml.HistoryReader;
import io.strata.ml.MlConfig;
import io.strata.ml.Models;
import io.strata.ml.Task;
import io.strata.ml.Windows;
import io.strata.transforms.jdbc.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;

/**
 * Tribuo (the ml stage's configured classifier) against scikit-learn on the same repurchase
 * examples: those of the latest evaluated window's training range to fit, that window's to score.
 * The examples come from a warehouse the medallion filled; both sides time only the fit.
 */
public final class MlComparison {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fits before the timed ones, on both sides; the first of them is reported as the cold fit. */
  static final int WARM_UP = 20;

  /**
   * One library's first (cold) fit, its median warm fit time over the repeats and its AUC on the
   * test window.
   */
  public record Result(
      String library,
      double firstFitSeconds,
      double medianFitSeconds,
      double minFitSeconds,
      double maxFitSeconds,
      double auc,
      int trainRows,
      int testRows) {}

  private MlComparison() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static List<Result> run(Warehouse w, Path python, Path script, Path dir, int repeats)
      throws IOException, InterruptedException {
    History h = HistoryReader.read(w);
    Windows windows =
        Windows.of(h.firstDate(), h.lastDate(), 0, MlConfig.defaults().warmupWindows());
    Task task = Task.REPURCHASE;
    List<Integer> evaluated = windows.evaluated(task);
    int k = evaluated.get(evaluated.size() - 1);
    List<Example> train = new ArrayList<>();
    for (int j : windows.trainingRange(task, k)) {
      train.addAll(Features.examples(task, h, windows.ends().get(j), windows.dataEnd()));
    }
    List<Example> test = Features.examples(task, h, windows.ends().get(k), windows.dataEnd());
    double[] labels = test.stream().mapToDouble(Example::label).toArray();

    // As on scikit-learn's side the examples are in memory before the clock starts. The first fit
    // (a cold JVM) is reported apart; the timed fits come after WARM_UP fits, as in the ml stage,
    // which fits a model per window and task in one JVM.
    Dataset<?> dataset = Models.dataset(task, train, "bench");
    Trainer trainer = Models.trainer(task, MlConfig.defaults());
    long coldStart = System.nanoTime();
    trainer.train(dataset);
    double tribuoFirst = (System.nanoTime() - coldStart) / 1e9;
    for (int i = 1; i < WARM_UP; i++) {
      trainer.train(dataset);
    }
    double[] tribuoSeconds = new double[repeats];
    Model<?> model = null;
    for (int i = 0; i < repeats; i++) {
      long started = System.nanoTime();
      model = trainer.train(dataset);
      tribuoSeconds[i] = (System.nanoTime() - started) / 1e9;
    }
    double tribuoAuc = Evaluation.auc(labels, Models.score(task, model, test));

    SortedSet<String> features = new TreeSet<>();
    train.forEach(e -> features.addAll(e.features().keySet()));
    test.forEach(e -> features.addAll(e.features().keySet()));
    Path trainCsv = export(dir.resolve("ml-train.csv"), features, train);
    Path testCsv = export(dir.resolve("ml-test.csv"), features, test);
    Process p =
        new ProcessBuilder(
                python.toString(),
                script.toString(),
                trainCsv.toString(),
                testCsv.toString(),
                Integer.toString(repeats),
                Integer.toString(WARM_UP))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("scikit-learn failed: " + out);
    }
    JsonNode sk = JSON.readTree(out);
    double[] skSeconds = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      skSeconds[i] = sk.get("fit_seconds").get(i).asDouble();
    }
    return List.of(
        result(
            "tribuo (" + MlConfig.defaults().classifier().id() + ")",
            tribuoFirst,
            tribuoSeconds,
            tribuoAuc,
            train.size(),
            test.size()),
        result(
            "scikit-learn (logistic, scaled)",
            sk.get("first_fit_seconds").asDouble(),
            skSeconds,
            sk.get("auc").asDouble(),
            train.size(),
            test.size()));
  }

  private static Result result(
      String library,
      double firstFitSeconds,
      double[] seconds,
      double auc,
      int trainRows,
      int testRows) {
    double[] sorted = seconds.clone();
    java.util.Arrays.sort(sorted);
    return new Result(
        library,
        firstFitSeconds,
        BenchReport.median(sorted),
        sorted[0],
        sorted[sorted.length - 1],
        auc,
        trainRows,
        testRows);
  }

  /**
   * Examples as CSV: every feature a column (absent is 0, as Tribuo reads a sparse example), then
   * the label.
   */
  private static Path export(Path file, SortedSet<String> features, List<Example> examples)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String f : features) {
      sb.append('"').append(f.replace("\"", "\"\"")).append("\",");
    }
    sb.append("label\n");
    for (Example e : examples) {
      for (String f : features) {
        sb.append(e.features().getOrDefault(f, 0.0)).append(',');
      }
      sb.append(e.label() >= 0.5 ? 1 : 0).append('\n');
    }
    return Files.writeString(file, sb);
  }
}
