package io.strata.ml;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The weekly-units task's trainer. */
public enum RegressorAlgorithm {
  /** Tribuo LinearSGD with squared loss. */
  LINEAR,
  /** Tribuo's XGBoost gradient-boosted trees. */
  XGBOOST;

  /** The name on the command line, in MLflow tags and run names, e.g. {@code xgboost}. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code --regressor=xgboost} (any case). */
  @JsonCreator
  public static RegressorAlgorithm of(String id) {
    return Algorithms.parse(RegressorAlgorithm.class, "--regressor", id);
  }
}
