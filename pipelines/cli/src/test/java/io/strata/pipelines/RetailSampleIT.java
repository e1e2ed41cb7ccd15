package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.pipelines.ledger.Figure;
import io.strata.pipelines.ledger.Ledger;
import io.strata.pipelines.ledger.TableCounts;
import io.strata.retail.generate.GeneratorConfig;
import io.strata.retail.generate.Manifest;
import io.strata.retail.generate.RetailGenerator;
import io.strata.transforms.jdbc.Warehouse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The generated retail sample end to end: every count the generator planted comes out of the
 * warehouse, and a second run over the same input changes no row and no gold byte.
 */
public class RetailSampleIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();

  private static final Path INPUT = Path.of("target", "it-retail-input");
  private static final List<String> TABLES =
      List.of("customers", "products", "fx_rates", "orders", "order_lines");
  private static Manifest manifest;
  private static String db;
  private static TestWarehouse.RunResult firstRun;

  @BeforeClass
  public static void generateAndRun() throws Exception {
    manifest =
        RetailGenerator.generate(
            GeneratorConfig.defaults(INPUT).withSeed(7).withDays(28).withCustomers(400));
    db = WAREHOUSE.newDatabase();
    firstRun = TestWarehouse.run(db, "--inputDir=" + INPUT);
  }

  @Test
  public void theRunSucceedsAndReconciles() {
    assertThat(firstRun.exit()).as(firstRun.output()).isZero();
    assertThat(firstRun.output()).contains("every count reconciles");
  }

  @Test
  public void theSummaryNamesTheFxPageRejectedWholeAndTheDatesItWouldHaveHeld() throws Exception {
    int malformed = manifest.fxApi().malformedPage();
    JsonNode before = fxPage(malformed - 1).path("data");
    JsonNode after = fxPage(malformed + 1).path("data");
    assertThat(firstRun.output())
        .contains(
            "fx_rates: page /v1/fx-rates?end=2099-12-31&start=2000-01-01&page="
                + malformed
                + " rejected whole (not valid JSON: ",
            "; it would have held rate_date after "
                + before.get(before.size() - 1).path("date").asText()
                + " and before "
                + after.get(0).path("date").asText());
  }

  private static JsonNode fxPage(int page) throws Exception {
    return new ObjectMapper()
        .readTree(INPUT.resolve(String.format("fx/v1/fx-rates/page-%04d.json", page)).toFile());
  }

  @Test
  public void quarantineHoldsEveryPlantedDefectByReason() throws Exception {
    for (String table : TABLES) {
      Map<String, Long> actual = new TreeMap<>();
      for (List<String> row :
          TestWarehouse.rows(
              db,
              "SELECT r->>'code', count(*) FROM quarantine.rejected_rows q, jsonb_array_elements(q.reasons) r"
                  + " WHERE q.table_name = '"
                  + table
                  + "' GROUP BY 1")) {
        actual.put(row.get(0), Long.parseLong(row.get(1)));
      }
      assertThat(actual)
          .as(table)
          .isEqualTo(new TreeMap<>(manifest.quarantine().getOrDefault(table, Map.of())));
      assertThat(
              TestWarehouse.count(
                  db,
                  "SELECT count(*) FROM quarantine.rejected_rows WHERE table_name = '"
                      + table
                      + "'"))
          .as(table)
          .isEqualTo(manifest.quarantinedRecords().get(table));
    }
  }

  @Test
  public void silverAndTheLedgerMatchTheManifest() throws Exception {
    for (String table : TABLES) {
      assertThat(TestWarehouse.count(db, "SELECT count(*) FROM silver." + table))
          .as(table)
          .isEqualTo(manifest.silver().get(table));
      assertThat(
              TestWarehouse.rows(
                  db,
                  "SELECT rows_read, superseded FROM ops.table_counts WHERE table_name = '"
                      + table
                      + "'"
                      + " AND run_id = (SELECT run_id FROM ops.runs ORDER BY started_at LIMIT 1)"))
          .as(table)
          .containsExactly(
              List.of(
                  String.valueOf(manifest.records().get(table)),
                  String.valueOf(manifest.superseded().get(table))));
    }
    assertThat(TestWarehouse.count(db, "SELECT count(*) FROM silver.product_tags"))
        .isEqualTo(manifest.silver().get("product_tags"));
  }

  @Test
  public void theStoredLedgerReprovesTheRunWithEveryFigureItsChecksCompare() throws Exception {
    Warehouse w = new Warehouse(db, EmbeddedPostgresServer.SUPERUSER, "");
    String runId =
        TestWarehouse.rows(db, "SELECT run_id FROM ops.runs ORDER BY started_at LIMIT 1")
            .get(0)
            .get(0);
    try {
      List<TableCounts> stored = Ledger.read(w, runId);

      assertThat(stored).extracting(TableCounts::table).containsAll(TABLES).contains("payments");
      for (TableCounts t : stored) {
        assertThat(t.discrepancy()).as(t.table()).isEmpty();
        assertThat(t.get(Figure.SILVER_SELECTED))
            .as(t.table())
            .isPositive()
            .isEqualTo(t.get(Figure.SILVER_INPUT));
      }
    } finally {
      w.closePool();
    }
  }

  @Test
  public void aSecondRunChangesNoRowAndNoGoldByte() throws Exception {
    String fingerprint =
        "SELECT string_agg(t, '|' ORDER BY t) FROM ("
            + " SELECT 'gold.daily_sales:' || md5(string_agg(d::text, ',' ORDER BY d::text)) AS t FROM gold.daily_sales d"
            + " UNION ALL SELECT 'gold.customer_360:' || md5(string_agg(c::text, ',' ORDER BY c::text)) FROM gold.customer_360 c"
            + " UNION ALL SELECT 'gold.fact_order_lines:' || md5(string_agg(f::text, ',' ORDER BY f::text)) FROM gold.fact_order_lines f"
            + " UNION ALL SELECT 'silver.orders:' || md5(string_agg(o::text, ',' ORDER BY o::text)) FROM silver.orders o"
            + " UNION ALL SELECT 'silver.order_lines:' || md5(string_agg(l::text, ',' ORDER BY l::text)) FROM silver.order_lines l"
            + " UNION ALL SELECT 'silver.customers:' || md5(string_agg(c::text, ',' ORDER BY c::text)) FROM silver.customers c"
            + " UNION ALL SELECT 'bronze.order_lines:' || count(*) FROM bronze.order_lines) x";
    String before = TestWarehouse.rows(db, fingerprint).get(0).get(0);

    TestWarehouse.RunResult second = TestWarehouse.run(db, "--inputDir=" + INPUT);

    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(TestWarehouse.rows(db, fingerprint).get(0).get(0)).isEqualTo(before);
    assertThat(
            TestWarehouse.rows(
                db,
                "SELECT sum(bronze_new), sum(silver_upserted) FROM ops.table_counts"
                    + " WHERE run_id = (SELECT run_id FROM ops.runs ORDER BY started_at DESC LIMIT 1)"))
        .containsExactly(List.of("0", "0"));
  }
}
