package io.strata.ml;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The ml stage's options; {@link MlConfig#from} validates them. */
public interface MlOptions extends PipelineOptions {
  @Description(
      "ml: labelled weekly windows each model trains on; 0 = expanding (all), n = sliding (the last n).")
  @Default.Integer(0)
  int getTrainingWindows();

  void setTrainingWindows(int value);

  @Description("ml: labelled windows a model needs before it is evaluated (warm-up).")
  @Default.Integer(2)
  int getWarmupWindows();

  void setWarmupWindows(int value);

  @Description(
      "ml: repurchase classifier, logistic (Tribuo LinearSGD, log loss) or xgboost (gradient-boosted trees).")
  @Default.Enum("LOGISTIC")
  ClassifierAlgorithm getClassifier();

  void setClassifier(ClassifierAlgorithm value);

  @Description(
      "ml: weekly-units regressor, linear (Tribuo LinearSGD, squared loss) or xgboost (gradient-boosted trees).")
  @Default.Enum("XGBOOST")
  RegressorAlgorithm getRegressor();

  void setRegressor(RegressorAlgorithm value);

  @Description("ml: seed of every trainer.")
  @Default.Long(42L)
  long getMlSeed();

  void setMlSeed(long value);
}
