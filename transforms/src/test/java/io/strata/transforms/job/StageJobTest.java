package io.strata.transforms.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.transforms.metrics.Count;
import io.strata.transforms.metrics.CountFn;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.Test;

public class StageJobTest {
  @Test
  public void readsTheCountersOfAJobThatEndedDone() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    p.apply(Create.of("a", "b", "c")).apply(ParDo.of(new CountFn<>("orders", Count.ROWS_READ)));

    StageJob job = StageJob.run(p, "bronze");

    assertThat(job.count("orders", Count.ROWS_READ)).isEqualTo(3);
    assertThat(job.count("orders", Count.BRONZE_NEW)).isZero();
    assertThat(job.seconds()).isPositive();
  }

  @Test
  public void refusesAJobThatEndedFailedOrCancelledOrStillRuns() {
    PipelineOptionsFactory.register(EndsInStateRunner.Options.class);
    for (PipelineResult.State state :
        new PipelineResult.State[] {
          PipelineResult.State.FAILED,
          PipelineResult.State.CANCELLED,
          PipelineResult.State.STOPPED,
          PipelineResult.State.UNKNOWN,
          PipelineResult.State.RUNNING
        }) {
      Pipeline p =
          Pipeline.create(
              PipelineOptionsFactory.fromArgs(
                      "--runner=" + EndsInStateRunner.class.getName(), "--endState=" + state)
                  .create());
      p.apply(Create.of("a"));

      assertThatThrownBy(() -> StageJob.run(p, "silver orders"))
          .isInstanceOf(JobNotDoneException.class)
          .hasMessageContaining("the silver orders job ended " + state)
          .satisfies(e -> assertThat(((JobNotDoneException) e).state()).isEqualTo(state));
    }
  }
}
