package io.strata.pipelines.stages;

import io.strata.transforms.contract.Project;
import io.strata.transforms.jdbc.Warehouse;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What every stage of one run shares: the project, the warehouse, the run id, where input is read
 * from, the Kafka cluster and consumer group of Kafka sources (null when the project has none), and
 * the pipeline options (runner included) each stage's pipeline is created with.
 */
public record StageContext(
    Project project,
    Warehouse warehouse,
    String runId,
    Path inputDir,
    String fxApiUrl,
    int batchSize,
    @Nullable String kafkaBootstrapServers,
    String kafkaGroupId,
    PipelineOptions pipelineOptions) {}
