package io.strata.pipelines.stages;

import io.strata.pipelines.config.RunConfig;
import io.strata.transforms.contract.Project;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.source.KafkaCluster;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What every stage of one run shares: the run's configuration, the project, the warehouse, where
 * the sources are, and the run id.
 */
public record StageContext(
    RunConfig config, Project project, Warehouse warehouse, SourceLocations sources, String runId) {

  /**
   * Where this run reads its sources: the input folder (given or generated), the FX API (given or
   * served) and the Kafka cluster (given or embedded; null when the project reads no topic).
   */
  public record SourceLocations(
      Path inputDir, @Nullable String fxApiUrl, @Nullable KafkaCluster kafka) {}

  /** Fresh options for one stage's pipeline. */
  public PipelineOptions pipelineOptions() {
    return config.stageOptions().batch();
  }

  public int batchSize() {
    return config.batchSize();
  }

  public String kafkaGroupId() {
    return config.kafka().groupId();
  }

  public Path inputDir() {
    return sources.inputDir();
  }

  public @Nullable String fxApiUrl() {
    return sources.fxApiUrl();
  }

  public @Nullable KafkaCluster kafka() {
    return sources.kafka();
  }
}
