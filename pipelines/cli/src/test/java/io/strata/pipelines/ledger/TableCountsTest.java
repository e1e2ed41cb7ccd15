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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.Test;

public class TableCountsTest {
  /**
   * Bronze read 10 (7 new, 3 present); silver selected and read 7: 5 upserted, 1 quarantined, 1
   * superseded.
   */
  private static final TableCounts BALANCED =
      TableCounts.of("orders")
          .with(ROWS_READ, 10)
          .with(BRONZE_NEW, 7)
          .with(BRONZE_ALREADY_PRESENT, 3)
          .with(SILVER_SELECTED, 7)
          .with(SILVER_INPUT, 7)
          .with(SILVER_PROCESSED, 7)
          .with(SILVER_UPSERTED, 5)
          .with(QUARANTINED, 1)
          .with(SUPERSEDED, 1);

  @Test
  public void reconcilesWhenEveryIdentityHolds() {
    assertThat(BALANCED.discrepancy()).isEmpty();
  }

  @Test
  public void namesTheBronzeGap() {
    assertThat(BALANCED.with(BRONZE_ALREADY_PRESENT, 2).discrepancy())
        .isEqualTo("read 10 != new 7 + already present 2 (off by 1);");
  }

  @Test
  public void namesTheSilverGap() {
    assertThat(BALANCED.with(SILVER_UPSERTED, 4).discrepancy())
        .isEqualTo("processed 7 != upserted 4 + quarantined 1 + superseded 1 (off by 1);");
  }

  @Test
  public void namesBronzeRowsSilverNeverSaw() {
    assertThat(BALANCED.with(SILVER_INPUT, 6).discrepancy())
        .isEqualTo("silver read 6 bronze rows but 7 were selected (off by -1);");
  }

  @Test
  public void addsTheBronzeAndTheSilverStagesFiguresOfOneTable() {
    TableCounts bronze =
        TableCounts.of("orders")
            .with(ROWS_READ, 10)
            .with(BRONZE_NEW, 7)
            .with(BRONZE_ALREADY_PRESENT, 3)
            .withBronzeSeconds(2);
    TableCounts silver =
        TableCounts.of("orders")
            .with(SILVER_SELECTED, 7)
            .with(SILVER_INPUT, 7)
            .with(SILVER_PROCESSED, 7)
            .with(SILVER_UPSERTED, 5)
            .with(QUARANTINED, 1)
            .with(SUPERSEDED, 1)
            .withSilverSeconds(3);

    TableCounts run = bronze.plus(silver);

    assertThat(run).isEqualTo(BALANCED);
    assertThat(run.bronzeSeconds()).isEqualTo(2);
    assertThat(run.silverSeconds()).isEqualTo(3);
    assertThatThrownBy(() -> bronze.plus(TableCounts.of("customers")))
        .hasMessageContaining("customers");
  }
}
