package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * gold.daily_sales and gold.order_payments on a hand-written fixture equal the numbers worked out
 * by hand below. Payments go through the embedded Kafka broker.
 */
public class DailySalesByHandIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();
  private static String db;
  private static TestWarehouse.RunResult run;

  @BeforeClass
  public static void runOnce() {
    db = WAREHOUSE.newDatabase();
    run = TestWarehouse.run(db, "--inputDir=" + HandFixture.DIR);
  }

  @Test
  public void dailySalesEqualsTheHandComputedFigures() throws Exception {
    assertThat(run.exit()).as(run.output()).isZero();

    // O1 (EUR, DE, web, 2026-01-06): 2 x 10.00 less 10% = 18.00; 5.55; and two lines of 0.01 less
    // 50% = 0.005 each.
    //   gross 20 + 5.55 + 0.01 + 0.01 = 25.57; net 18 + 5.55 + 0.005 + 0.005 = 23.56 (rounding each
    // line first would give 23.57).
    //   Its fifth line names an unknown product and is quarantined, so it counts nowhere.
    // O2 (USD) at 23:30-02:00 is 01:30 UTC on 2026-01-07, when 1 EUR = 1.0000 USD: 3 x 3.33 = 9.99
    // gross, half off = 4.995 -> 5.00.
    // O3 (GBP) at 12:00+01:00 is 2026-01-06 UTC; the latest rate on or before it is 2026-01-05's
    // 0.8000 GBP:
    //   gross 8.00 / 0.8 = 10.00; net 6.00 / 0.8 = 7.50.
    // O4 is cancelled by the next day's file; O5 has no lines: neither counts.
    assertThat(
            TestWarehouse.rows(
                db,
                "SELECT order_date, country, channel, orders, units, gross_eur, net_eur FROM gold.daily_sales ORDER BY 1, 2, 3"))
        .containsExactly(
            List.of("2026-01-06", "DE", "web", "1", "5", "25.57", "23.56"),
            List.of("2026-01-06", "FR", "store", "1", "1", "10.00", "7.50"),
            List.of("2026-01-07", "DE", "web", "1", "3", "9.99", "5.00"));

    assertThat(
            TestWarehouse.rows(
                db,
                "SELECT customer_id, orders, net_eur, avg_order_net_eur FROM gold.customer_360 ORDER BY 1"))
        .containsExactly(
            // C1: three placed orders (O1, O2, O5), net 23.56 + 4.995 = 28.555 -> 28.56, average
            // 9.518.. -> 9.52
            List.of("C000001", "3", "28.56", "9.52"),
            // C2: O3 only (O4 cancelled), net 7.50
            List.of("C000002", "1", "7.50", "7.50"));
    assertThat(
            TestWarehouse.rows(
                db,
                "SELECT reasons->0->>'code' FROM quarantine.rejected_rows WHERE table_name <> 'payments'"))
        .containsExactly(List.of("product_id.fk_missing"));
    assertThat(
            TestWarehouse.rows(db, "SELECT product_id, tag FROM silver.product_tags ORDER BY 1, 2"))
        .containsExactly(List.of("P00001", "outdoor"), List.of("P00001", "wood"));
  }

  @Test
  public void orderPaymentsEqualsTheHandComputedFigures() throws Exception {
    assertThat(run.exit()).as(run.output()).isZero();
    // O1 (net 23.56): PAY1 captured 23.56 EUR (its redelivered capture is a duplicate); PAY6's
    // capture and failure share
    //   an event_ts on one partition, and the higher offset (failed) wins: paid 23.56 >= 23.56 -
    // 0.01 -> paid.
    // O2 (net 5.00): PAY2 authorized, then failed: nothing captured -> unpaid, 0.00.
    // O3 (net 7.50, GBP): PAY3 3.00 GBP on 2026-01-06 at the 2026-01-05 rate 0.8 = 3.75; PAY4 1.00
    // GBP at
    //   2026-01-06T23:30-02:00, UTC date 2026-01-07, rate 0.5 = 2.00 (the local date would give
    // 1.25); PAY5's refund
    //   (18:00) is later than its capture (16:00) though delivered first, so it counts nowhere:
    // 5.75 -> partially_paid.
    // O4 is cancelled: no row, whatever it was paid. O5 has no lines: net 0.00, paid 0.00 >= -0.01
    // -> paid.
    assertThat(
            TestWarehouse.rows(
                db,
                "SELECT order_id, order_date, net_eur, paid_eur, payment_status FROM gold.order_payments ORDER BY 1"))
        .containsExactly(
            List.of("O00000001", "2026-01-06", "23.56", "23.56", "paid"),
            List.of("O00000002", "2026-01-07", "5.00", "0.00", "unpaid"),
            List.of("O00000003", "2026-01-06", "7.50", "5.75", "partially_paid"),
            List.of("O00000005", "2026-01-06", "0.00", "0.00", "paid"));
    assertThat(TestWarehouse.rows(db, "SELECT payment_id, status FROM silver.payments ORDER BY 1"))
        .containsExactly(
            List.of("PAY0000001", "captured"),
            List.of("PAY0000002", "failed"),
            List.of("PAY0000003", "captured"),
            List.of("PAY0000004", "captured"),
            List.of("PAY0000005", "refunded"),
            List.of("PAY0000006", "failed"),
            List.of("PAY0000007", "captured"));
    assertThat(
            TestWarehouse.rows(
                db,
                "SELECT rows_read, bronze_new, silver_upserted, superseded, quarantined FROM ops.table_counts"
                    + " WHERE table_name = 'payments'"))
        .containsExactly(List.of("12", "12", "7", "5", "0"));
  }
}
