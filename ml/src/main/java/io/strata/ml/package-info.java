/**
 * Machine learning on the warehouse: features as of each weekly window end ({@link
 * io.strata.ml.Features}), prequential evaluation then retraining per window inside a Beam pipeline
 * ({@link io.strata.ml.MlPipeline}), tracking in MLflow over REST ({@link io.strata.ml.MlflowRest})
 * and the champion's predictions back into gold ({@link io.strata.ml.MlStage}).
 */
package io.strata.ml;
