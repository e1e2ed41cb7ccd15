package io.strata.transforms.metrics;

import java.util.Locale;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * What the transforms count per table, as Beam counters named {@code <table>.<count>} in the
 * {@value #NAMESPACE} namespace (e.g. {@code orders.rows_read}). A stage reads them from its
 * finished job ({@link io.strata.transforms.job.StageJob}) into the run's ledger, whose columns
 * carry the same names.
 */
public enum Count {
  /** Records a source read. */
  ROWS_READ,
  /** Records bronze did not hold yet. */
  BRONZE_NEW,
  /** Records bronze already held (a rerun, a replay): left as they were. */
  BRONZE_ALREADY_PRESENT,
  /** Bronze rows silver read (what it decided on is counted by its merge, in SQL). */
  SILVER_INPUT;

  public static final String NAMESPACE = "strata";

  /** The counter's name for {@code table}, e.g. {@code orders.rows_read}. */
  public String metricName(String table) {
    return table + "." + name().toLowerCase(Locale.ROOT);
  }

  public Counter counter(String table) {
    return Metrics.counter(NAMESPACE, metricName(table));
  }
}
