package io.strata.pipelines.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;

/**
 * The Beam options each stage's pipeline is created with: the run's own options as given, the
 * runner prepared once ({@link FlinkSetup}), and a fresh copy for every pipeline, so neither the
 * given options nor one stage's pipeline ever sees another's change. Stages run bounded jobs in
 * batch, also in a streaming run, whose windows are sequences of batch jobs.
 */
public final class StageOptions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String batchJson;
  private final String runnerName;

  private StageOptions(String batchJson, String runnerName) {
    this.batchJson = batchJson;
    this.runnerName = runnerName;
  }

  /** Prepares {@code given} for its runner; {@code workDir} holds any configuration that needs. */
  public static StageOptions prepare(PipelineOptions given, Path workDir) {
    PipelineOptions batch = copy(write(given));
    FlinkSetup.prepare(batch, workDir);
    batch.as(StreamingOptions.class).setStreaming(false);
    return new StageOptions(write(batch), given.getRunner().getSimpleName());
  }

  /** Options for one bounded stage job. */
  public PipelineOptions batch() {
    return copy(batchJson);
  }

  /**
   * Options for the unbounded job {@code jobName} that runs beside a stream's windows: streaming,
   * and submitted without waiting for it to finish (it never does).
   */
  public PipelineOptions stream(String jobName) {
    FlinkPipelineOptions stream = copy(batchJson).as(FlinkPipelineOptions.class);
    stream.setStreaming(true);
    stream.setAttachedMode(false);
    stream.setJobName(jobName);
    return stream;
  }

  /**
   * Whether the runner takes checkpoints, so a stream can read Kafka with one unbounded job ({@link
   * FlinkSetup#checkpoints}).
   */
  public boolean checkpoints() {
    return FlinkSetup.checkpoints(batch());
  }

  /** The runner's name, e.g. {@code DirectRunner}, for the ledger and the log. */
  public String runnerName() {
    return runnerName;
  }

  private static String write(PipelineOptions options) {
    try {
      return JSON.writeValueAsString(options);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the pipeline options cannot be copied: " + e.getMessage(), e);
    }
  }

  private static PipelineOptions copy(String json) {
    try {
      return JSON.readValue(json, PipelineOptions.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the pipeline options cannot be read back: " + e.getMessage(), e);
    }
  }
}
