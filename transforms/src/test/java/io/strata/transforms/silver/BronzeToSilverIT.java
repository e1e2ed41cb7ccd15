package io.strata.transforms.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.bronze.PendingBronze;
import io.strata.transforms.bronze.WriteBronze;
import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.ContractLoader;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.TableDdl;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.jdbc.WarehouseRule;
import io.strata.transforms.metrics.Count;
import io.strata.transforms.silver.MergeCandidates.Merged;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Both halves of bronze to silver against a real PostgreSQL, as the silver stage runs them: bronze
 * written, candidates staged by {@link BronzeToSilver}, then decided by {@link MergeCandidates} in
 * one transaction.
 */
public class BronzeToSilverIT {
  @ClassRule public static final WarehouseRule WAREHOUSE = new WarehouseRule();

  /** Bronze id each table's silver has read up to, as silver's watermark keeps it. */
  private static final Map<String, Long> WATERMARKS = new HashMap<>();

  static final TableContract PRODUCTS =
      ContractLoader.fromYaml(
          "products.yaml",
          String.join(
              "\n",
              "table: products",
              "source: {kind: jsonl, path: 'p/*.jsonl'}",
              "columns:",
              "  - {name: product_id, required: true}",
              "  - {name: price, type: decimal, required: true, min: 0}",
              "  - {name: updated_at, type: timestamp, required: true}",
              "key: [product_id]",
              "dedup: {order_by: [updated_at]}",
              "children: [{table: product_tags, path: tags, column: tag}]"));

  private static TableContract orders(String table) {
    return ContractLoader.fromYaml(
        table + ".yaml",
        String.join(
            "\n",
            "table: " + table,
            "source: {kind: csv, path: 'orders/*.csv'}",
            "columns:",
            "  - {name: order_id, required: true, pattern: '^O[0-9]+$'}",
            "  - {name: customer_id, required: true}",
            "  - {name: status, required: true, allowed: [placed, cancelled]}",
            "  - {name: order_ts, type: timestamp, required: true}",
            "  - {name: currency, required: true}",
            "key: [order_id]",
            "dedup: {order_by: [_source, _position]}",
            "foreign_keys:",
            "  - {column: customer_id, table: customers}",
            "  - {column: currency, table: fx_rates, code: fx_rate_missing,"
                + " as_of: {column: order_ts, references: rate_date}, exempt: [EUR]}"));
  }

  @BeforeClass
  public static void parents() throws Exception {
    WAREHOUSE.execute(
        "CREATE TABLE silver.customers (customer_id text PRIMARY KEY);"
            + " INSERT INTO silver.customers VALUES ('C1'), ('C2');"
            + " CREATE TABLE silver.fx_rates (rate_date date, currency text);"
            + " INSERT INTO silver.fx_rates VALUES ('2026-01-06', 'USD'), ('2026-01-05', 'USD')");
  }

  private static BronzeRecord order(
      String table,
      String file,
      long line,
      String id,
      String customer,
      String status,
      String ts,
      String currency) {
    return BronzeRecord.parsed(
        table,
        file,
        line,
        Map.of(
            "order_id", id,
            "customer_id", customer,
            "status", status,
            "order_ts", ts,
            "currency", currency));
  }

  private static BronzeRecord product(
      String source, long line, String id, String price, String updatedAt, String... tags) {
    String json =
        String.format(
            "{\"product_id\":\"%s\",\"price\":\"%s\",\"updated_at\":\"%s\",\"tags\":[%s]}",
            id, price, updatedAt, tags.length == 0 ? "" : "\"" + String.join("\",\"", tags) + "\"");
    try {
      return BronzeRecord.ofJson(
          BronzeLayout.of(PRODUCTS), source, line, json, new ObjectMapper().readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A parsed order's quarantine payload: its fields as jsonb prints them (shorter keys first). */
  private static String fields(
      String status, String currency, String orderId, String orderTs, String customerId) {
    return String.format(
        "{\"status\": \"%s\", \"currency\": \"%s\", \"order_id\": \"%s\", \"order_ts\": \"%s\","
            + " \"customer_id\": \"%s\"}",
        status, currency, orderId, orderTs, customerId);
  }

  /** Writes {@code records} to bronze, then stages what silver has pending; returns how many. */
  private static long stage(TableContract contract, String runId, List<BronzeRecord> records)
      throws Exception {
    Warehouse w = WAREHOUSE.warehouse();
    String t = contract.table();
    try (Connection c = w.connect()) {
      TableDdl.ensure(c, contract);
    }
    if (!records.isEmpty()) {
      Pipeline bronze = Pipeline.create(PipelineOptionsFactory.create());
      bronze
          .apply(Create.of(records))
          .apply(WriteBronze.to(w, BronzeLayout.of(contract), runId, 100));
      bronze.run().waitUntilFinish();
    }
    long upTo =
        Long.parseLong(
            WAREHOUSE.rows("SELECT coalesce(max(bronze_id), 0) FROM bronze." + t).get(0));
    try (Connection c = w.connect()) {
      StagingTable.recreate(c, contract);
    }
    long after = WATERMARKS.getOrDefault(t, 0L);
    WATERMARKS.put(t, upTo);
    return stageAgain(contract, after, upTo);
  }

  /** One more staging job over the same bronze rows (what a runner's retried slice adds). */
  private static long stageAgain(TableContract contract, long after, long upTo) {
    Warehouse w = WAREHOUSE.warehouse();
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(
        BronzeToSilver.stage(
            w, contract, PendingBronze.of(BronzeLayout.of(contract), after, upTo), 2, 2));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    var counters =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named(
                            Count.NAMESPACE, Count.SILVER_INPUT.metricName(contract.table())))
                    .build())
            .getCounters();
    return counters.iterator().hasNext() ? counters.iterator().next().getCommitted() : 0;
  }

  private static Merged merge(TableContract contract, String runId, long expected)
      throws Exception {
    try (Connection c = WAREHOUSE.warehouse().connect()) {
      c.setAutoCommit(false);
      try {
        Merged merged = MergeCandidates.of(contract).merge(c, runId, expected);
        c.commit();
        return merged;
      } catch (Exception e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static Merged silver(TableContract contract, String runId, BronzeRecord... records)
      throws Exception {
    return merge(contract, runId, stage(contract, runId, List.of(records)));
  }

  @Test
  public void winnersGoToSilverAndEveryRejectedRecordToQuarantineWithAllItsReasonsAndPayload()
      throws Exception {
    TableContract orders = orders("orders");
    String day1 = "orders/2026-01-01.csv";
    String day2 = "orders/2026-01-02.csv";
    String ts = "2026-01-05T10:00:00Z";
    Merged merged =
        silver(
            orders,
            "r1",
            order("orders", day1, 2, "O1", "C1", "placed", ts, "USD"),
            order("orders", day2, 2, "O1", "C1", "cancelled", ts, "USD"), // later file wins
            order("orders", day1, 3, "O2", "C2", "placed", "2026-01-01T00:00:00Z", "EUR"),
            order("orders", day2, 3, "O2", "C9", "placed", ts, "USD"), // later, but no parent
            order("orders", day1, 4, "X3", "C9", "lost", "2026-01-04T10:00:00Z", "USD"),
            // 2026-01-04 in UTC: before the first USD rate
            order("orders", day1, 6, "O5", "C1", "placed", "2026-01-05T00:30:00+01:00", "USD"),
            BronzeRecord.unreadable(
                "orders", day1, 5, "O4,\"C1", "row.parse_error", "a quote is never closed"));

    assertThat(merged).isEqualTo(new Merged(7, 7, 2, 4, 1));
    assertThat(
            WAREHOUSE.rows(
                "SELECT order_id, customer_id, status, lineage_source, lineage_position, lineage_run_id"
                    + " FROM silver.orders ORDER BY 1"))
        .containsExactly("O1,C1,cancelled," + day2 + ",2,r1", "O2,C2,placed," + day1 + ",3,r1");
    assertThat(
            WAREHOUSE.rows(
                "SELECT source, position, replayable, payload,"
                    + " (SELECT string_agg(r->>'code', ' ') FROM jsonb_array_elements(reasons) r)"
                    + " FROM quarantine.rejected_rows WHERE table_name = 'orders' ORDER BY 1, 2"))
        .containsExactly(
            day1
                + ",4,f,"
                + fields("lost", "USD", "X3", "2026-01-04T10:00:00Z", "C9")
                + ",order_id.pattern status.allowed customer_id.fk_missing currency.fx_rate_missing",
            day1 + ",5,f,O4,\"C1,row.parse_error",
            day1
                + ",6,t,"
                + fields("placed", "USD", "O5", "2026-01-05T00:30:00+01:00", "C1")
                + ",currency.fx_rate_missing",
            day2
                + ",3,t,"
                + fields("placed", "USD", "O2", "2026-01-05T10:00:00Z", "C9")
                + ",customer_id.fk_missing");
    assertThat(
            WAREHOUSE.rows(
                "SELECT position, r->>'column', r->>'message' FROM quarantine.rejected_rows,"
                    + " jsonb_array_elements(reasons) WITH ORDINALITY e(r, n) WHERE table_name = 'orders'"
                    + " AND r->>'code' IN ('customer_id.fk_missing', 'currency.fx_rate_missing')"
                    + " ORDER BY position, n"))
        .containsExactly(
            "3,customer_id,'C9' is not in silver.customers.customer_id",
            "4,customer_id,'C9' is not in silver.customers.customer_id",
            "4,currency,no silver.fx_rates row for 'USD' on or before 2026-01-04 (the first is 2026-01-05)",
            "6,currency,no silver.fx_rates row for 'USD' on or before 2026-01-04 (the first is 2026-01-05)");
  }

  @Test
  public void aRecordWaitingForItsParentIsDecidedAgainOnceTheParentArrives() throws Exception {
    TableContract orders = orders("late_orders");
    String ts = "2026-01-05T10:00:00Z";
    silver(
        orders,
        "r1",
        order("late_orders", "o/1.csv", 2, "O1", "C1", "placed", ts, "EUR"),
        order("late_orders", "o/2.csv", 2, "O1", "C7", "cancelled", ts, "EUR"));
    assertThat(WAREHOUSE.rows("SELECT status FROM silver.late_orders")).containsExactly("placed");

    WAREHOUSE.execute("INSERT INTO silver.customers VALUES ('C7')");
    Merged replay = silver(orders, "r2");

    assertThat(replay).isEqualTo(new Merged(1, 1, 1, 0, 0));
    assertThat(WAREHOUSE.rows("SELECT customer_id, status, lineage_run_id FROM silver.late_orders"))
        .containsExactly("C7,cancelled,r2");
  }

  @Test
  public void theNewestVersionWinsAnOlderOneArrivingLaterChangesNothingAndChildrenFollowTheWinner()
      throws Exception {
    Merged first =
        silver(
            PRODUCTS,
            "r1",
            product("p/2.jsonl", 1, "P1", "20.00", "2026-01-02T00:00:00Z", "Wood", "garden"),
            product("p/3.jsonl", 1, "P1", "15.00", "2026-01-01T23:00:00Z", "old"), // older
            product("p/1.jsonl", 1, "P2", "5.00", "2026-01-01T00:00:00Z"));
    assertThat(first).isEqualTo(new Merged(3, 3, 2, 0, 1));
    List<String> silver =
        WAREHOUSE.rows(
            "SELECT product_id, price, lineage_source, lineage_run_id FROM silver.products ORDER BY 1");
    assertThat(silver).containsExactly("P1,20.00,p/2.jsonl,r1", "P2,5.00,p/1.jsonl,r1");

    // an older version of P1 arrives in a later run: superseded by what silver holds
    assertThat(
            silver(
                PRODUCTS,
                "r2",
                product("p/4.jsonl", 7, "P1", "10.00", "2026-01-01T00:00:00Z", "older")))
        .isEqualTo(new Merged(1, 1, 0, 0, 1));
    assertThat(
            WAREHOUSE.rows(
                "SELECT product_id, price, lineage_source, lineage_run_id FROM silver.products ORDER BY 1"))
        .isEqualTo(silver);
    assertThat(WAREHOUSE.rows("SELECT product_id, tag FROM silver.product_tags ORDER BY 1, 2"))
        .containsExactly("P1,garden", "P1,wood");

    // a newer version wins and replaces its tags whole
    silver(
        PRODUCTS,
        "r3",
        product("p/5.jsonl", 2, "P1", "25.00", "2026-01-03T00:00:00+01:00", "Metal"));
    assertThat(
            WAREHOUSE.rows(
                "SELECT product_id, price, lineage_source, lineage_run_id FROM silver.products ORDER BY 1"))
        .containsExactly("P1,25.00,p/5.jsonl,r3", "P2,5.00,p/1.jsonl,r1");
    assertThat(WAREHOUSE.rows("SELECT product_id, tag FROM silver.product_tags ORDER BY 1, 2"))
        .containsExactly("P1,metal");
  }

  @Test
  public void aRetriedBundleCountsOnceAndALostOneFailsTheMergeAndChangesNothing() throws Exception {
    TableContract orders = orders("retried_orders");
    String ts = "2026-01-05T10:00:00Z";
    long staged =
        stage(
            orders,
            "r1",
            List.of(
                order("retried_orders", "o/1.csv", 2, "O1", "C1", "placed", ts, "EUR"),
                order("retried_orders", "o/1.csv", 3, "O2", "C9", "placed", ts, "EUR")));
    stageAgain(orders, 0, WATERMARKS.get("retried_orders"));
    assertThat(WAREHOUSE.rows("SELECT count(*) FROM staging.silver_retried_orders"))
        .containsExactly("4");

    WAREHOUSE.execute("DELETE FROM staging.silver_retried_orders WHERE lineage_position = 3");
    assertThatThrownBy(() -> merge(orders, "r1", staged))
        .hasMessageContaining("silver read 2 bronze records but 1 reached staging");
    assertThat(WAREHOUSE.rows("SELECT count(*) FROM silver.retried_orders")).containsExactly("0");

    stageAgain(orders, 0, WATERMARKS.get("retried_orders"));
    assertThat(merge(orders, "r1", staged)).isEqualTo(new Merged(2, 2, 1, 1, 0));
    assertThat(
            WAREHOUSE.rows(
                "SELECT count(*) FROM quarantine.rejected_rows WHERE table_name = 'retried_orders'"))
        .containsExactly("1");
  }
}
