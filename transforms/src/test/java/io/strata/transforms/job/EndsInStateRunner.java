package io.strata.transforms.job;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.joda.time.Duration;

/**
 * A runner that runs nothing and reports the job ended in {@code --endState}, as a runner may
 * report a failed or cancelled job from {@code waitUntilFinish} instead of throwing. {@code
 * --runner=io.strata.transforms.job.EndsInStateRunner --endState=CANCELLED}; register {@link
 * Options} first.
 */
public final class EndsInStateRunner extends PipelineRunner<PipelineResult> {
  /** The state every job of this runner ends in. */
  public interface Options extends PipelineOptions {
    @Description("The state every job of EndsInStateRunner ends in.")
    @Default.Enum("FAILED")
    PipelineResult.State getEndState();

    void setEndState(PipelineResult.State state);
  }

  private final PipelineResult.State state;

  private EndsInStateRunner(PipelineResult.State state) {
    this.state = state;
  }

  public static EndsInStateRunner fromOptions(PipelineOptions options) {
    return new EndsInStateRunner(options.as(Options.class).getEndState());
  }

  @Override
  public PipelineResult run(Pipeline pipeline) {
    return new PipelineResult() {
      @Override
      public State getState() {
        return state;
      }

      @Override
      public State cancel() {
        return state;
      }

      @Override
      public State waitUntilFinish(Duration duration) {
        return state;
      }

      @Override
      public State waitUntilFinish() {
        return state;
      }

      @Override
      public MetricResults metrics() {
        throw new UnsupportedOperationException("a job that never ran has no metrics");
      }
    };
  }
}
