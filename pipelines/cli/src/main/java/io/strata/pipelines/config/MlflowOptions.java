package io.strata.pipelines.config;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The MLflow tracking server the ml stage logs to. */
public interface MlflowOptions extends PipelineOptions {
  @Description(
      "MLflow tracking server URI (served with --serve-artifacts). Absent: the pinned MLflow is started with its"
          + " backend store in the database mlflow of the warehouse's PostgreSQL server.")
  String getMlflowTrackingUri();

  void setMlflowTrackingUri(String value);
}
