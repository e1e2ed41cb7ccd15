package io.strata.ml;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The repurchase task's trainer. */
public enum ClassifierAlgorithm {
  /** Tribuo LinearSGD with log loss. */
  LOGISTIC,
  /** Tribuo's XGBoost gradient-boosted trees. */
  XGBOOST;

  /** The name on the command line, in MLflow tags and run names, e.g. {@code logistic}. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code --classifier=logistic} (any case). */
  @JsonCreator
  public static ClassifierAlgorithm of(String id) {
    return Algorithms.parse(ClassifierAlgorithm.class, "--classifier", id);
  }
}
