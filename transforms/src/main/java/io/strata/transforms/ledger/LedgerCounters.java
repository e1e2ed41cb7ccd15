package io.strata.transforms.ledger;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The counters each stage keeps per table; the driver reads them after the stage, writes them to
 * {@code ops.table_counts} and checks that they reconcile. Named {@code <table>.<count>} in the
 * {@code strata} namespace.
 */
public final class LedgerCounters {
  public static final String NAMESPACE = "strata";
  public static final String ROWS_READ = "rows_read";
  public static final String BRONZE_NEW = "bronze_new";
  public static final String BRONZE_ALREADY_PRESENT = "bronze_already_present";
  public static final String SILVER_INPUT = "silver_input";
  public static final String SILVER_PROCESSED = "silver_processed";
  public static final String SILVER_UPSERTED = "silver_upserted";
  public static final String QUARANTINED = "quarantined";
  public static final String SUPERSEDED = "superseded";

  private LedgerCounters() {}

  public static Counter counter(String table, String count) {
    return Metrics.counter(NAMESPACE, name(table, count));
  }

  public static String name(String table, String count) {
    return table + "." + count;
  }
}
