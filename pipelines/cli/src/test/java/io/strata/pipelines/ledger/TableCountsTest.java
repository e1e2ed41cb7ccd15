package io.strata.pipelines.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

public class TableCountsTest {
  private static TableCounts counts(
      long read,
      long added,
      long present,
      long selected,
      long input,
      long processed,
      long upserted,
      long quarantined,
      long superseded) {
    return new TableCounts(
        "orders",
        read,
        added,
        present,
        selected,
        input,
        processed,
        upserted,
        quarantined,
        superseded,
        0,
        1,
        1);
  }

  @Test
  public void reconcilesWhenBothIdentitiesHold() {
    assertThat(counts(10, 7, 3, 7, 7, 7, 5, 1, 1).discrepancy()).isEmpty();
  }

  @Test
  public void namesTheBronzeGap() {
    assertThat(counts(10, 7, 2, 7, 7, 7, 5, 1, 1).discrepancy())
        .isEqualTo("read 10 != new 7 + already present 2 (off by 1);");
  }

  @Test
  public void namesTheSilverGap() {
    assertThat(counts(10, 7, 3, 7, 7, 7, 4, 1, 1).discrepancy())
        .isEqualTo("processed 7 != upserted 4 + quarantined 1 + superseded 1 (off by 1);");
  }

  @Test
  public void namesBronzeRowsSilverNeverSaw() {
    assertThat(counts(10, 7, 3, 7, 6, 6, 4, 1, 1).discrepancy())
        .isEqualTo("silver read 6 bronze rows but 7 were selected (off by -1);");
  }
}
