package io.strata.pipelines.runner;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How many workers the run's runner runs a step on: Flink's parallelism, or the DirectRunner's
 * target.
 */
public final class RunnerParallelism {
  private RunnerParallelism() {}

  public static int of(PipelineOptions options) {
    if (FlinkRunner.class.equals(options.getRunner())) {
      int parallelism = options.as(FlinkPipelineOptions.class).getParallelism();
      return parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
    }
    return Math.max(1, options.as(DirectOptions.class).getTargetParallelism());
  }
}
