package io.strata.transforms.job;

import io.strata.transforms.metrics.Count;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * A stage's Beam job, run to its end and known to have ended DONE. Every stage runs its pipeline
 * through {@link #run} before it moves a watermark, commits an offset or writes the ledger: some
 * runners report a failed or cancelled job from {@code waitUntilFinish} instead of throwing, and a
 * stage that went on would then skip the rows the job never wrote.
 */
public final class StageJob {
  private final Map<String, Long> counters;
  private final double seconds;

  private StageJob(Map<String, Long> counters, double seconds) {
    this.counters = counters;
    this.seconds = seconds;
  }

  /**
   * Runs {@code pipeline}, waits for it and returns its counts; throws {@link JobNotDoneException}
   * when it ended in any state but DONE. {@code stage} names the job in that message.
   */
  public static StageJob run(Pipeline pipeline, String stage) {
    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.waitUntilFinish();
    if (state == null) {
      state = result.getState();
    }
    if (state != PipelineResult.State.DONE) {
      throw new JobNotDoneException(stage, state);
    }
    return new StageJob(counters(result), (System.nanoTime() - start) / 1e9);
  }

  /** {@code count} of {@code table} as the job counted it; 0 when nothing was counted. */
  public long count(String table, Count count) {
    return counters.getOrDefault(count.metricName(table), 0L);
  }

  /** Wall seconds from submission to the end of the job. */
  public double seconds() {
    return seconds;
  }

  /**
   * Committed values where the runner has them (they count each element once however often a bundle
   * was retried), attempted values otherwise.
   */
  private static Map<String, Long> counters(PipelineResult result) {
    MetricsFilter strata =
        MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.inNamespace(Count.NAMESPACE))
            .build();
    Map<String, Long> byName = new HashMap<>();
    for (MetricResult<Long> counter : result.metrics().queryMetrics(strata).getCounters()) {
      byName.merge(counter.getName().getName(), value(counter), Long::sum);
    }
    return byName;
  }

  private static long value(MetricResult<Long> counter) {
    try {
      Long committed = counter.getCommitted();
      return committed == null ? counter.getAttempted() : committed;
    } catch (UnsupportedOperationException e) {
      return counter.getAttempted();
    }
  }
}
