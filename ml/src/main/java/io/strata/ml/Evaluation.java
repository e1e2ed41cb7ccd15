package io.strata.ml;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The metrics of a window: classification (AUC, accuracy, F1, log-loss), regression (RMSE, MAE,
 * R²), drift (PSI).
 */
public final class Evaluation {
  private static final double EPS = 1e-15;
  private static final int PSI_BINS = 10;

  private Evaluation() {}

  /** AUC, accuracy and F1 at 0.5, log-loss, and the label and predicted rates. */
  public static Map<String, Double> classification(double[] labels, double[] p) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("auc", auc(labels, p));
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int correct = 0;
    double logLoss = 0;
    for (int i = 0; i < labels.length; i++) {
      boolean actual = labels[i] > 0.5;
      boolean predicted = p[i] >= 0.5;
      correct += actual == predicted ? 1 : 0;
      tp += actual && predicted ? 1 : 0;
      fp += !actual && predicted ? 1 : 0;
      fn += actual && !predicted ? 1 : 0;
      double q = Math.min(1 - EPS, Math.max(EPS, p[i]));
      logLoss -= actual ? Math.log(q) : Math.log(1 - q);
    }
    m.put("accuracy", correct / (double) labels.length);
    m.put("f1", tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn));
    m.put("log_loss", logLoss / labels.length);
    m.put("label_rate", Arrays.stream(labels).average().orElse(0));
    m.put("mean_prediction", Arrays.stream(p).average().orElse(0));
    return m;
  }

  /** Area under the ROC curve with ties counted half (Mann-Whitney). */
  public static double auc(double[] labels, double[] p) {
    Integer[] order =
        IntStream.range(0, p.length)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> p[i]))
            .toArray(Integer[]::new);
    double rankSumPositive = 0;
    long positives = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && p[order[j + 1]] == p[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] > 0.5) {
          rankSumPositive += rank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = p.length - positives;
    if (positives == 0 || negatives == 0) {
      return 0.5;
    }
    return (rankSumPositive - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
  }

  /** RMSE, MAE and R² (against the window's own mean), and the label and predicted means. */
  public static Map<String, Double> regression(double[] y, double[] yHat) {
    double mean = Arrays.stream(y).average().orElse(0);
    double se = 0;
    double ae = 0;
    double ss = 0;
    for (int i = 0; i < y.length; i++) {
      se += (y[i] - yHat[i]) * (y[i] - yHat[i]);
      ae += Math.abs(y[i] - yHat[i]);
      ss += (y[i] - mean) * (y[i] - mean);
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("rmse", Math.sqrt(se / y.length));
    m.put("mae", ae / y.length);
    m.put("r2", ss == 0 ? 0.0 : 1 - se / ss);
    m.put("label_mean", mean);
    m.put("mean_prediction", Arrays.stream(yHat).average().orElse(0));
    return m;
  }

  /** The metric the champion is chosen by, and whether higher is better. */
  public static String primaryMetric(Task task) {
    return task.classification() ? "auc" : "rmse";
  }

  public static boolean better(Task task, double candidate, double champion) {
    return task.classification() ? candidate > champion : candidate < champion;
  }

  /**
   * Population stability index of a feature between the training range ({@code expected}) and the
   * window ({@code actual}), over deciles of the training values; empty bins are floored.
   */
  public static double psi(List<Double> expected, List<Double> actual) {
    if (expected.isEmpty() || actual.isEmpty()) {
      return 0;
    }
    double[] sorted = expected.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] edges =
        IntStream.range(1, PSI_BINS)
            .mapToDouble(b -> sorted[(int) ((long) b * (sorted.length - 1) / PSI_BINS)])
            .distinct()
            .toArray();
    double[] e = histogram(expected, edges);
    double[] a = histogram(actual, edges);
    double psi = 0;
    for (int b = 0; b < e.length; b++) {
      double pe = Math.max(1e-4, e[b]);
      double pa = Math.max(1e-4, a[b]);
      psi += (pa - pe) * Math.log(pa / pe);
    }
    return psi;
  }

  private static double[] histogram(List<Double> values, double[] edges) {
    double[] counts = new double[edges.length + 1];
    for (double v : values) {
      int b = Arrays.binarySearch(edges, v);
      counts[b >= 0 ? b : -b - 1]++;
    }
    for (int b = 0; b < counts.length; b++) {
      counts[b] /= values.size();
    }
    return counts;
  }
}
