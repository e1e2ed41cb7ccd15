package io.strata.pipelines.ledger;

/**
 * One run's figures for one table, as stored in {@code ops.table_counts}. The two identities that
 * must hold: {@code read = new + already present} and {@code processed = upserted + quarantined +
 * superseded}; and silver must have processed every bronze row it selected.
 */
public record TableCounts(
    String table,
    long rowsRead,
    long bronzeNew,
    long bronzeAlreadyPresent,
    long silverSelected,
    long silverInput,
    long silverProcessed,
    long silverUpserted,
    long quarantined,
    long superseded,
    long resolved,
    double bronzeSeconds,
    double silverSeconds) {

  /** What does not reconcile, in words; empty when everything does. */
  public String discrepancy() {
    StringBuilder sb = new StringBuilder();
    long bronzeGap = rowsRead - (bronzeNew + bronzeAlreadyPresent);
    if (bronzeGap != 0) {
      sb.append(
          String.format(
              "read %d != new %d + already present %d (off by %d); ",
              rowsRead, bronzeNew, bronzeAlreadyPresent, bronzeGap));
    }
    long silverGap = silverProcessed - (silverUpserted + quarantined + superseded);
    if (silverGap != 0) {
      sb.append(
          String.format(
              "processed %d != upserted %d + quarantined %d + superseded %d (off by %d); ",
              silverProcessed, silverUpserted, quarantined, superseded, silverGap));
    }
    if (silverInput != silverSelected) {
      sb.append(
          String.format(
              "silver read %d bronze rows but %d were selected (off by %d); ",
              silverInput, silverSelected, silverInput - silverSelected));
    }
    return sb.toString().trim();
  }
}
