package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;

/** gold.daily_sales on a hand-written fixture equals the numbers worked out by hand below. */
public class DailySalesByHandIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();

  @Test
  public void dailySalesEqualsTheHandComputedFigures() throws Exception {
    String db = WAREHOUSE.newDatabase();
    TestWarehouse.RunResult run = TestWarehouse.run(db, "--inputDir=src/test/resources/retail-by-hand", "--projectDir=retail");
    assertThat(run.exit()).as(run.output()).isZero();

    // O1 (EUR, DE, web, 2026-01-06): 2 x 10.00 less 10% = 18.00; 5.55; and two lines of 0.01 less 50% = 0.005 each.
    //   gross 20 + 5.55 + 0.01 + 0.01 = 25.57; net 18 + 5.55 + 0.005 + 0.005 = 23.56 (rounding each line first would give 23.57).
    //   Its fifth line names an unknown product and is quarantined, so it counts nowhere.
    // O2 (USD) at 23:30-02:00 is 01:30 UTC on 2026-01-07, when 1 EUR = 1.0000 USD: 3 x 3.33 = 9.99 gross, half off = 4.995 -> 5.00.
    // O3 (GBP) at 12:00+01:00 is 2026-01-06 UTC; the latest rate on or before it is 2026-01-05's 0.8000 GBP:
    //   gross 8.00 / 0.8 = 10.00; net 6.00 / 0.8 = 7.50.
    // O4 is cancelled by the next day's file; O5 has no lines: neither counts.
    assertThat(TestWarehouse.rows(db, "SELECT order_date, country, channel, orders, units, gross_eur, net_eur FROM gold.daily_sales ORDER BY 1, 2, 3"))
        .containsExactly(
            List.of("2026-01-06", "DE", "web", "1", "5", "25.57", "23.56"),
            List.of("2026-01-06", "FR", "store", "1", "1", "10.00", "7.50"),
            List.of("2026-01-07", "DE", "web", "1", "3", "9.99", "5.00"));

    assertThat(TestWarehouse.rows(db, "SELECT customer_id, orders, net_eur, avg_order_net_eur FROM gold.customer_360 ORDER BY 1"))
        .containsExactly(
            // C1: three placed orders (O1, O2, O5), net 23.56 + 4.995 = 28.555 -> 28.56, average 9.518.. -> 9.52
            List.of("C000001", "3", "28.56", "9.52"),
            // C2: O3 only (O4 cancelled), net 7.50
            List.of("C000002", "1", "7.50", "7.50"));
    assertThat(TestWarehouse.rows(db, "SELECT reasons->0->>'code' FROM quarantine.rejected_rows"))
        .containsExactly(List.of("product_id.fk_missing"));
    assertThat(TestWarehouse.rows(db, "SELECT product_id, tag FROM silver.product_tags ORDER BY 1, 2"))
        .containsExactly(List.of("P00001", "outdoor"), List.of("P00001", "wood"));
  }
}
