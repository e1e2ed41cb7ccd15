package io.strata.pipelines.ledger;

import io.strata.transforms.ledger.LedgerCounters;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The ledger counters a finished pipeline reported. Committed values where the runner has them
 * (they count each element once however often a bundle was retried), attempted values otherwise.
 */
public final class StageCounts {
  private final Map<String, Long> byName;

  private StageCounts(Map<String, Long> byName) {
    this.byName = byName;
  }

  public static StageCounts of(PipelineResult result) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(LedgerCounters.NAMESPACE))
                    .build());
    Map<String, Long> byName = new HashMap<>();
    for (MetricResult<Long> counter : metrics.getCounters()) {
      byName.merge(counter.getName().getName(), value(counter), Long::sum);
    }
    return new StageCounts(byName);
  }

  private static long value(MetricResult<Long> counter) {
    try {
      Long committed = counter.getCommitted();
      return committed == null ? counter.getAttempted() : committed;
    } catch (UnsupportedOperationException e) {
      return counter.getAttempted();
    }
  }

  public long get(String table, String count) {
    return byName.getOrDefault(LedgerCounters.name(table, count), 0L);
  }
}
