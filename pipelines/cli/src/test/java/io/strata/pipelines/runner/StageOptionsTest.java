package io.strata.pipelines.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

public class StageOptionsTest {
  private static final Path WORK = Path.of("target", "stage-options-test");

  @Test
  public void stagesGetFreshBatchCopiesAndTheGivenOptionsNeverChange() {
    FlinkPipelineOptions given =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner",
                "--flinkMaster=localhost:8081",
                "--filesToStage=/tmp/job.jar",
                "--parallelism=2",
                "--checkpointingInterval=1000",
                "--streaming=true")
            .as(FlinkPipelineOptions.class);

    StageOptions stages = StageOptions.prepare(given, WORK);
    FlinkPipelineOptions batch = stages.batch().as(FlinkPipelineOptions.class);

    assertThat(batch.getRunner()).isEqualTo(FlinkRunner.class);
    assertThat(batch.getFlinkMaster()).isEqualTo("localhost:8081");
    assertThat(batch.getFilesToStage()).containsExactly("/tmp/job.jar");
    assertThat(batch.getParallelism()).isEqualTo(2);
    assertThat(batch.isStreaming()).as("a stage's own job runs in batch").isFalse();
    assertThat(given.isStreaming()).as("the given options are left as they were").isTrue();
    assertThat(stages.checkpoints()).isTrue();
    assertThat(stages.runnerName()).isEqualTo("FlinkRunner");

    batch.setParallelism(7);
    assertThat(stages.batch().as(FlinkPipelineOptions.class).getParallelism())
        .as("each pipeline gets a copy of its own")
        .isEqualTo(2);
  }

  @Test
  public void theStreamJobIsStreamingDetachedAndNamed() {
    PipelineOptions given =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner",
                "--flinkMaster=localhost:8081",
                "--filesToStage=/tmp/job.jar")
            .create();

    FlinkPipelineOptions stream =
        StageOptions.prepare(given, WORK).stream("strata-stream-x").as(FlinkPipelineOptions.class);

    assertThat(stream.isStreaming()).isTrue();
    assertThat(stream.getAttachedMode()).isFalse();
    assertThat(stream.getJobName()).isEqualTo("strata-stream-x");
  }

  @Test
  public void directRunnerSettingsSurviveTheCopy() {
    PipelineOptions given =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner", "--targetParallelism=3", "--enforceImmutability=false")
            .create();

    DirectOptions batch = StageOptions.prepare(given, WORK).batch().as(DirectOptions.class);

    assertThat(batch.getTargetParallelism()).isEqualTo(3);
    assertThat(batch.isEnforceImmutability()).isFalse();
    assertThat(StageOptions.prepare(given, WORK).checkpoints()).isFalse();
  }
}
