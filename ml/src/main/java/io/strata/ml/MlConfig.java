package io.strata.ml;

import java.io.Serializable;

/**
 * The ML stage's configuration, validated once.
 *
 * @param classifier {@code logistic} (Tribuo LinearSGD, log loss) or {@code xgboost}
 *     (gradient-boosted trees)
 * @param regressor {@code linear} (Tribuo LinearSGD, squared loss) or {@code xgboost}
 * @param trainingWindows 0 expanding, n sliding over the last n labelled windows
 * @param warmupWindows labelled windows needed before a model is evaluated
 * @param seed every trainer's seed
 */
public record MlConfig(
    String classifier, String regressor, int trainingWindows, int warmupWindows, long seed)
    implements Serializable {
  public MlConfig {
    if (!classifier.equals("logistic") && !classifier.equals("xgboost")) {
      throw new IllegalArgumentException(
          "--classifier must be logistic or xgboost, was " + classifier);
    }
    if (!regressor.equals("linear") && !regressor.equals("xgboost")) {
      throw new IllegalArgumentException("--regressor must be linear or xgboost, was " + regressor);
    }
  }

  public static MlConfig defaults() {
    return new MlConfig("logistic", "xgboost", 0, 2, 42L);
  }

  /** The trainer of a task, e.g. {@code logistic}. */
  public String algorithm(Task task) {
    return task.classification() ? classifier : regressor;
  }

  /** {@code expanding} or {@code sliding-<n>}. */
  public String trainingMode() {
    return trainingWindows == 0 ? "expanding" : "sliding-" + trainingWindows;
  }
}
