package io.strata.pipelines.config;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.StreamingOptions;

/**
 * What a run does and where it keeps its files. {@code --streaming} (Beam's, from {@link
 * StreamingOptions}) makes {@code run} keep reading Kafka in windows of {@code --windowSeconds};
 * each stage's own pipeline still runs in batch.
 */
public interface RunOptions extends StreamingOptions {
  @Description("Comma-separated subset of bronze,silver,gold,ml to run, in that order.")
  @Default.String("bronze,silver,gold,ml")
  String getStages();

  void setStages(String value);

  @Description("Where the embedded services and generated input live between runs.")
  @Default.String("target/strata")
  String getWorkDir();

  void setWorkDir(String value);

  @Description("Rows per COPY batch on every bulk write.")
  @Default.Integer(50_000)
  int getBatchSize();

  void setBatchSize(int value);

  @Description(
      "With --streaming: seconds per window. Each window reads the Kafka sources to the end offsets found when it"
          + " starts, refreshes silver, quarantine and gold, and writes one ledger run (ops.runs.stream_id, window_no).")
  @Default.Integer(10)
  int getWindowSeconds();

  void setWindowSeconds(int value);
}
