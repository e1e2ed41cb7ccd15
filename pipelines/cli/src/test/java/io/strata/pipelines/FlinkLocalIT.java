package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.retail.RetailProject;
import io.strata.retail.generate.GeneratorConfig;
import io.strata.retail.generate.RetailGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The same input through the DirectRunner and through the FlinkRunner on a mini-cluster, into two
 * databases: gold is byte-identical and the ledger counts are equal. The ledger's reconciliation
 * gate also passes on Flink, so its counters (attempted values: Flink has no committed metrics) are
 * exact in batch.
 */
public class FlinkLocalIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();

  @Test
  public void handFixtureGivesTheSameGoldAndLedgerOnFlinkAsOnTheDirectRunner() throws Exception {
    assertSameOnBothRunners(HandFixture.DIR.toString());
  }

  @Test
  public void generatedSampleGivesTheSameGoldAndLedgerOnFlinkAsOnTheDirectRunner()
      throws Exception {
    Path input = Path.of("target", "flink-local-it-input");
    RetailGenerator.generate(
        GeneratorConfig.defaults(input).withSeed(11).withDays(14).withCustomers(150));
    assertSameOnBothRunners(input.toString());
  }

  /**
   * Files as real teams drop them: a CSV and a JSON Lines file that start with a UTF-8 byte order
   * mark, a JSON record with a trailing comma and one with an escaped NUL in a value. Each record
   * the database cannot take lands in quarantine with its raw text, file and line; the rest loads.
   */
  @Test
  public void dirtyFilesLoadTheSameOnFlinkAsOnTheDirectRunner() throws Exception {
    Path input = HandFixture.copy("dirty");
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Files.write(
        input.resolve("customers/customers_2026-01-02.csv"),
        withPrefix(
            bom,
            "customer_id,email,full_name,country,segment,signup_date,updated_at\n"
                + "C000009,zoe@example.se,Zoe,SE,consumer,2026-01-02,2026-01-02T08:00:00Z\n"));
    String product =
        "{\"sku\":\"%s\",\"name\":\"%s\",\"category\":{\"id\":\"CAT-02\",\"name\":\"Light\"},"
            + "\"price\":{\"amount\":\"9.90\",\"currency\":\"EUR\"},\"tags\":[],\"active\":true,"
            + "\"updated_at\":\"2026-01-02T00:00:00Z\"}";
    String trailingComma = String.format(product, "P00010", "Shade") + ",";
    String escapedNul = String.format(product, "P00011", "Nul \\u0000 bulb");
    Files.write(
        input.resolve("products/products_2026-01-02.jsonl"),
        withPrefix(
            bom,
            String.format(product, "P00009", "Bulb")
                + "\n"
                + trailingComma
                + "\n"
                + escapedNul
                + "\n"));

    String db = assertSameOnBothRunners(input.toString());

    assertThat(
            TestWarehouse.count(
                db, "SELECT count(*) FROM silver.customers WHERE customer_id = 'C000009'"))
        .isEqualTo(1);
    assertThat(
            TestWarehouse.count(
                db, "SELECT count(*) FROM silver.products WHERE product_id = 'P00009'"))
        .isEqualTo(1);
    assertThat(
            TestWarehouse.rows(
                db,
                "SELECT source, position, reasons->0->>'code', payload FROM quarantine.rejected_rows"
                    + " WHERE table_name = 'products' AND source LIKE '%2026-01-02%' ORDER BY position"))
        .containsExactly(
            List.of("products/products_2026-01-02.jsonl", "2", "row.parse_error", trailingComma),
            List.of("products/products_2026-01-02.jsonl", "3", "row.encoding", escapedNul));
  }

  private static byte[] withPrefix(byte[] prefix, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(prefix, prefix.length + body.length);
    System.arraycopy(body, 0, all, prefix.length, body.length);
    return all;
  }

  /** Runs both; returns the DirectRunner's database. */
  private static String assertSameOnBothRunners(String inputDir) throws Exception {
    String direct = WAREHOUSE.newDatabase();
    String flink = WAREHOUSE.newDatabase();
    TestWarehouse.RunResult onDirect = TestWarehouse.run(direct, "--inputDir=" + inputDir);
    assertThat(onDirect.exit()).as(onDirect.output()).isZero();
    TestWarehouse.RunResult onFlink =
        TestWarehouse.run(
            flink,
            "--inputDir=" + inputDir,
            "--runner=FlinkRunner",
            "--flinkMaster=[local]",
            "--parallelism=2");
    assertThat(onFlink.exit()).as(onFlink.output()).isZero();
    assertThat(onFlink.output()).contains("runner FlinkRunner", "every count reconciles");

    WarehouseSnapshot expected = WarehouseSnapshot.of(direct);
    WarehouseSnapshot actual = WarehouseSnapshot.of(flink);
    // Every SQL model has rows (the ml stage's tables stay empty: these runs stop at gold).
    try (var models =
        java.nio.file.Files.list(RetailProject.find().orElseThrow().resolve("gold"))) {
      for (String model :
          models.map(m -> m.getFileName().toString().replace(".sql", "")).toList()) {
        assertThat(expected.gold().get(model)).as(model).isNotNull().isNotEqualTo("0 rows, md5 -");
      }
    }
    assertThat(actual.silver()).isEqualTo(expected.silver());
    assertThat(actual.quarantine()).isEqualTo(expected.quarantine());
    assertThat(actual.gold()).isEqualTo(expected.gold());
    assertThat(actual.ledger()).isNotEmpty().isEqualTo(expected.ledger());
    return direct;
  }
}
