package io.strata.ml;

import java.io.Serializable;
import java.util.Objects;

/**
 * The ml stage's configuration, validated once; built from {@link MlOptions} or from {@link
 * #defaults()} by name ({@code MlConfig.defaults().withClassifier(ClassifierAlgorithm.XGBOOST)}).
 *
 * @param classifier the repurchase task's trainer
 * @param regressor the weekly-units task's trainer
 * @param trainingWindows 0 expanding, n sliding over the last n labelled windows
 * @param warmupWindows labelled windows needed before a model is evaluated
 * @param seed every trainer's seed
 */
public record MlConfig(
    ClassifierAlgorithm classifier,
    RegressorAlgorithm regressor,
    int trainingWindows,
    int warmupWindows,
    long seed)
    implements Serializable {
  public MlConfig {
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(regressor, "regressor");
    if (trainingWindows < 0) {
      throw new IllegalArgumentException(
          "--trainingWindows must be 0 (expanding) or more, was " + trainingWindows);
    }
    if (warmupWindows < 1) {
      throw new IllegalArgumentException(
          "--warmupWindows must be at least 1, was " + warmupWindows);
    }
  }

  /** Logistic and XGBoost, expanding windows, a warm-up of 2, seed 42. */
  public static MlConfig defaults() {
    return new MlConfig(ClassifierAlgorithm.LOGISTIC, RegressorAlgorithm.XGBOOST, 0, 2, 42L);
  }

  public static MlConfig from(MlOptions o) {
    return defaults()
        .withClassifier(o.getClassifier())
        .withRegressor(o.getRegressor())
        .withTrainingWindows(o.getTrainingWindows())
        .withWarmupWindows(o.getWarmupWindows())
        .withSeed(o.getMlSeed());
  }

  public MlConfig withClassifier(ClassifierAlgorithm c) {
    return new MlConfig(c, regressor, trainingWindows, warmupWindows, seed);
  }

  public MlConfig withRegressor(RegressorAlgorithm r) {
    return new MlConfig(classifier, r, trainingWindows, warmupWindows, seed);
  }

  public MlConfig withTrainingWindows(int n) {
    return new MlConfig(classifier, regressor, n, warmupWindows, seed);
  }

  public MlConfig withWarmupWindows(int n) {
    return new MlConfig(classifier, regressor, trainingWindows, n, seed);
  }

  public MlConfig withSeed(long s) {
    return new MlConfig(classifier, regressor, trainingWindows, warmupWindows, s);
  }

  /** The trainer of a task, e.g. {@code logistic}. */
  public String algorithm(Task task) {
    return task.classification() ? classifier.id() : regressor.id();
  }

  /** {@code expanding} or {@code sliding-<n>}. */
  public String trainingMode() {
    return trainingWindows == 0 ? "expanding" : "sliding-" + trainingWindows;
  }
}
