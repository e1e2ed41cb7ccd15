package io.strata.pipelines.ledger;

import io.strata.transforms.metrics.Count;
import java.util.Locale;
import java.util.Optional;

/**
 * The figures the ledger keeps per run and table, each stored in the column of {@code
 * ops.table_counts} of the same name. Bronze's and silver's input are read from the counters of a
 * stage's job; the rest are counted by the silver stage in SQL.
 */
public enum Figure {
  ROWS_READ(Count.ROWS_READ),
  BRONZE_NEW(Count.BRONZE_NEW),
  BRONZE_ALREADY_PRESENT(Count.BRONZE_ALREADY_PRESENT),
  /** Bronze rows pending when silver started: new since its watermark, and replayable ones. */
  SILVER_SELECTED(null),
  SILVER_INPUT(Count.SILVER_INPUT),
  /** Records silver's merge decided on: valid candidates and rejected records. */
  SILVER_PROCESSED(null),
  SILVER_UPSERTED(null),
  QUARANTINED(null),
  SUPERSEDED(null),
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
