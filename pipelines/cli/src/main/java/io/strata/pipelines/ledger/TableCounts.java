package io.strata.pipelines.ledger;

import static io.strata.pipelines.ledger.Figure.BRONZE_ALREADY_PRESENT;
import static io.strata.pipelines.ledger.Figure.BRONZE_NEW;
import static io.strata.pipelines.ledger.Figure.QUARANTINED;
import static io.strata.pipelines.ledger.Figure.ROWS_READ;
import static io.strata.pipelines.ledger.Figure.SILVER_INPUT;
import static io.strata.pipelines.ledger.Figure.SILVER_PROCESSED;
import static io.strata.pipelines.ledger.Figure.SILVER_SELECTED;
import static io.strata.pipelines.ledger.Figure.SILVER_UPSERTED;
import static io.strata.pipelines.ledger.Figure.SUPERSEDED;

import io.strata.transforms.job.StageJob;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * One run's figures for one table, as stored in {@code ops.table_counts}; immutable, built figure
 * by figure ({@code TableCounts.of("orders").with(Figure.ROWS_READ, 10)}). The identities that must
 * hold: {@code read = new + already present}, {@code processed = upserted + quarantined +
 * superseded}, and silver read every bronze row it selected.
 */
public final class TableCounts {
  private final String table;
  private final Map<Figure, Long> figures;
  private final double bronzeSeconds;
  private final double silverSeconds;

  private TableCounts(
      String table, Map<Figure, Long> figures, double bronzeSeconds, double silverSeconds) {
    this.table = table;
    this.figures = figures;
    this.bronzeSeconds = bronzeSeconds;
    this.silverSeconds = silverSeconds;
  }

  /** Every figure of {@code table} zero. */
  public static TableCounts of(String table) {
    return new TableCounts(table, new EnumMap<>(Figure.class), 0, 0);
  }

  public TableCounts with(Figure figure, long value) {
    Map<Figure, Long> next = new EnumMap<>(figures);
    next.put(figure, value);
    return new TableCounts(table, next, bronzeSeconds, silverSeconds);
  }

  /**
   * Plus every figure the job counted for this table; figures no counter keeps stay as they are.
   */
  public TableCounts countedBy(StageJob job) {
    TableCounts out = this;
    for (Figure f : Figure.values()) {
      if (f.counter().isPresent()) {
        out = out.with(f, get(f) + job.count(table, f.counter().get()));
      }
    }
    return out;
  }

  public TableCounts withBronzeSeconds(double seconds) {
    return new TableCounts(table, figures, seconds, silverSeconds);
  }

  public TableCounts withSilverSeconds(double seconds) {
    return new TableCounts(table, figures, bronzeSeconds, seconds);
  }

  /** Both stages' figures of one table in one run, added up. */
  public TableCounts plus(TableCounts other) {
    if (!table.equals(other.table)) {
      throw new IllegalArgumentException("cannot add " + other.table + " to " + table);
    }
    Map<Figure, Long> sum = new EnumMap<>(figures);
    other.figures.forEach((f, v) -> sum.merge(f, v, Long::sum));
    return new TableCounts(
        table, sum, bronzeSeconds + other.bronzeSeconds, silverSeconds + other.silverSeconds);
  }

  public String table() {
    return table;
  }

  public long get(Figure figure) {
    return figures.getOrDefault(figure, 0L);
  }

  public double bronzeSeconds() {
    return bronzeSeconds;
  }

  public double silverSeconds() {
    return silverSeconds;
  }

  /** What does not reconcile, in words; empty when everything does. */
  public String discrepancy() {
    StringBuilder sb = new StringBuilder();
    long bronzeGap = get(ROWS_READ) - (get(BRONZE_NEW) + get(BRONZE_ALREADY_PRESENT));
    if (bronzeGap != 0) {
      sb.append(
          String.format(
              "read %d != new %d + already present %d (off by %d); ",
              get(ROWS_READ), get(BRONZE_NEW), get(BRONZE_ALREADY_PRESENT), bronzeGap));
    }
    long silverGap =
        get(SILVER_PROCESSED) - (get(SILVER_UPSERTED) + get(QUARANTINED) + get(SUPERSEDED));
    if (silverGap != 0) {
      sb.append(
          String.format(
              "processed %d != upserted %d + quarantined %d + superseded %d (off by %d); ",
              get(SILVER_PROCESSED),
              get(SILVER_UPSERTED),
              get(QUARANTINED),
              get(SUPERSEDED),
              silverGap));
    }
    if (get(SILVER_INPUT) != get(SILVER_SELECTED)) {
      sb.append(
          String.format(
              "silver read %d bronze rows but %d were selected (off by %d); ",
              get(SILVER_INPUT), get(SILVER_SELECTED), get(SILVER_INPUT) - get(SILVER_SELECTED)));
    }
    return sb.toString().trim();
  }

  /** Equal when the table and every figure are; the durations are not compared. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TableCounts t
        && table.equals(t.table)
        && Arrays.equals(values(), t.values());
  }

  @Override
  public int hashCode() {
    return 31 * table.hashCode() + Arrays.hashCode(values());
  }

  private long[] values() {
    return Arrays.stream(Figure.values()).mapToLong(this::get).toArray();
  }

  @Override
  public String toString() {
    return table + figures;
  }
}
