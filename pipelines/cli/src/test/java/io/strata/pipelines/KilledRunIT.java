package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.retail.RetailProject;
import io.strata.retail.generate.GeneratorConfig;
import io.strata.retail.generate.RetailGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A run killed with SIGKILL in the middle of silver, then run again, ends in exactly the state of
 * one clean run: nothing lost, nothing duplicated.
 */
public class KilledRunIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();

  private static final Path INPUT = Path.of("target", "it-killed-input");

  /** The retail project without its Kafka source: this test is about the batch files and API. */
  private static final Path PROJECT = Path.of("target", "it-killed-project");

  /** Every silver, quarantine and gold row, without the columns a run stamps (run ids, times). */
  private static final String STATE =
      "SELECT string_agg(t, '|' ORDER BY t) FROM ("
          + " SELECT 'customers:' || md5(string_agg(x::text, ',' ORDER BY x::text)) AS t FROM (SELECT customer_id, email, full_name, country, segment, signup_date, updated_at, lineage_source, lineage_position FROM silver.customers) x"
          + " UNION ALL SELECT 'orders:' || md5(string_agg(x::text, ',' ORDER BY x::text)) FROM (SELECT order_id, customer_id, order_ts, channel, currency, status, lineage_source, lineage_position FROM silver.orders) x"
          + " UNION ALL SELECT 'order_lines:' || md5(string_agg(x::text, ',' ORDER BY x::text)) FROM (SELECT order_id, line_no, product_id, quantity, unit_price, discount, lineage_source, lineage_position FROM silver.order_lines) x"
          + " UNION ALL SELECT 'product_tags:' || md5(string_agg(x::text, ',' ORDER BY x::text)) FROM silver.product_tags x"
          + " UNION ALL SELECT 'quarantine:' || md5(string_agg(x::text, ',' ORDER BY x::text)) FROM (SELECT table_name, source, position, payload, reasons, replayable FROM quarantine.rejected_rows) x"
          + " UNION ALL SELECT 'bronze:' || (SELECT count(*) FROM bronze.order_lines) || '/' || (SELECT count(*) FROM bronze.orders)"
          + " UNION ALL SELECT 'daily_sales:' || md5(string_agg(x::text, ',' ORDER BY x::text)) FROM gold.daily_sales x"
          + " UNION ALL SELECT 'customer_360:' || md5(string_agg(x::text, ',' ORDER BY x::text)) FROM gold.customer_360 x) s";

  @Test
  public void aRunKilledDuringSilverIsCompletedByTheNextRunExactly() throws Exception {
    RetailGenerator.generate(
        GeneratorConfig.defaults(INPUT).withSeed(11).withDays(21).withCustomers(300));
    copyRetailProjectWithoutPayments();
    String clean = WAREHOUSE.newDatabase();
    assertThat(TestWarehouse.run(clean, "--inputDir=" + INPUT, "--projectDir=" + PROJECT).exit())
        .isZero();

    String crashed = WAREHOUSE.newDatabase();
    Process child = startRun(crashed);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!silverHasBegun(crashed)) {
        assertThat(child.isAlive()).as("the run ended before silver began").isTrue();
        assertThat(System.nanoTime()).as("silver never began").isLessThan(deadline);
        Thread.sleep(50);
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback but PostgreSQL's own
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(TestWarehouse.rows(crashed, "SELECT status FROM ops.runs"))
        .containsExactly(List.of("running"));

    TestWarehouse.RunResult rerun =
        TestWarehouse.run(crashed, "--inputDir=" + INPUT, "--projectDir=" + PROJECT);

    assertThat(rerun.exit()).as(rerun.output()).isZero();
    assertThat(TestWarehouse.rows(crashed, STATE)).isEqualTo(TestWarehouse.rows(clean, STATE));
    assertThat(
            TestWarehouse.rows(
                crashed, "SELECT status, message IS NOT NULL FROM ops.runs ORDER BY started_at"))
        .containsExactly(List.of("failed", "t"), List.of("succeeded", "f"));
  }

  private static void copyRetailProjectWithoutPayments() throws java.io.IOException {
    for (String folder : List.of("contracts", "gold")) {
      java.nio.file.Files.createDirectories(PROJECT.resolve(folder));
      try (var files =
          java.nio.file.Files.list(RetailProject.find().orElseThrow().resolve(folder))) {
        for (Path f : files.toList()) {
          if (!f.getFileName().toString().startsWith("payments")
              && !f.getFileName().toString().startsWith("order_payments")) {
            java.nio.file.Files.copy(
                f,
                PROJECT.resolve(folder).resolve(f.getFileName()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }

  private static boolean silverHasBegun(String db) {
    try {
      return TestWarehouse.count(db, "SELECT count(*) FROM silver.orders") > 0;
    } catch (java.sql.SQLException notYetCreated) {
      return false;
    }
  }

  private static Process startRun(String db) throws Exception {
    return TestWarehouse.startRun(
        Path.of("target", "it-killed-run.log"),
        "--jdbcUrl=" + db,
        "--jdbcUser=" + EmbeddedPostgresServer.SUPERUSER,
        "--inputDir=" + INPUT,
        "--projectDir=" + PROJECT,
        "--stages=bronze,silver,gold",
        "--workDir=target/it-killed-work");
  }
}
