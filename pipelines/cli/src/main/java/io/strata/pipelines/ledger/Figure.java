package io.strata.pipelines.ledger;

import io.strata.transforms.metrics.Count;
import java.util.Locale;
import java.util.Optional;

/**
 * The figures the ledger keeps per run and table, each stored in the column of {@code
 * ops.table_counts} of the same name. Most are read from the counters of a stage's job; two are
 * counted by the silver stage in SQL.
 */
public enum Figure {
  ROWS_READ(Count.ROWS_READ),
  BRONZE_NEW(Count.BRONZE_NEW),
  BRONZE_ALREADY_PRESENT(Count.BRONZE_ALREADY_PRESENT),
  /** Bronze rows pending when silver started: new since its watermark, and replayable ones. */
  SILVER_SELECTED(null),
  SILVER_INPUT(Count.SILVER_INPUT),
  SILVER_PROCESSED(Count.SILVER_PROCESSED),
  SILVER_UPSERTED(Count.SILVER_UPSERTED),
  QUARANTINED(Count.QUARANTINED),
  SUPERSEDED(Count.SUPERSEDED),
  /** Quarantined rows this run processed again and did not reject again. */
  RESOLVED(null);

  private final Count counter;

  Figure(Count counter) {
    this.counter = counter;
  }

  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The job counter this figure is read from, when a transform counts it. */
  Optional<Count> counter() {
    return Optional.ofNullable(counter);
  }
}
