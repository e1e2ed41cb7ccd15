package io.strata.pipelines.stages;

import io.strata.transforms.contract.Project;
import io.strata.transforms.jdbc.Warehouse;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * What every stage of one run shares: the project, the warehouse, the run id, where input is
 * read from, and the pipeline options (runner included) each stage's pipeline is created with.
 */
public record StageContext(
    Project project,
    Warehouse warehouse,
    String runId,
    Path inputDir,
    String fxApiUrl,
    int batchSize,
    PipelineOptions pipelineOptions) {}
