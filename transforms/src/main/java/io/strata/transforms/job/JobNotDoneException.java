package io.strata.transforms.job;

import org.apache.beam.sdk.PipelineResult;

/** A stage's job ended in a state other than DONE: nothing that follows it may happen. */
public final class JobNotDoneException extends IllegalStateException {
  private final PipelineResult.State state;

  JobNotDoneException(String stage, PipelineResult.State state) {
    super(
        "the "
            + stage
            + " job ended "
            + state
            + " instead of DONE: no watermark, offset or ledger row moved after it");
    this.state = state;
  }

  public PipelineResult.State state() {
    return state;
  }
}
