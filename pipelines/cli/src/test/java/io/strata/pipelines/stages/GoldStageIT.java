package io.strata.pipelines.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.pipelines.TestWarehouse;
import io.strata.transforms.contract.Project;
import io.strata.transforms.jdbc.Migrations;
import io.strata.transforms.jdbc.TableDdl;
import io.strata.transforms.jdbc.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.ClassRule;
import org.junit.Test;

/** Gold models against a real PostgreSQL: a model file is one query, never a script. */
public class GoldStageIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();

  private static Warehouse warehouseFor(Path project) throws Exception {
    Warehouse w = new Warehouse(WAREHOUSE.newDatabase(), EmbeddedPostgresServer.SUPERUSER, "");
    Migrations.apply(w);
    try (Connection c = w.connect()) {
      for (var contract : Project.load(project).contracts()) {
        TableDdl.ensure(c, contract);
      }
    }
    return w;
  }

  private static Path project(String goldName, String goldSql) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "gold-stage-" + System.nanoTime()));
    Files.createDirectories(dir.resolve("contracts"));
    Files.createDirectories(dir.resolve("gold"));
    Files.writeString(
        dir.resolve("contracts/customers.yaml"),
        "table: customers\nsource: {kind: csv, path: 'c/*.csv'}\n"
            + "columns: [{name: customer_id, required: true}]\nkey: [customer_id]\n");
    Files.writeString(dir.resolve("gold").resolve(goldName + ".sql"), goldSql);
    return dir;
  }

  @Test
  public void aModelFileHoldingASecondStatementIsRefusedAndNothingOfItRuns() throws Exception {
    Path dir = project("evil", "SELECT 1 AS one; DROP TABLE silver.customers CASCADE");
    Warehouse w = warehouseFor(dir);

    assertThatThrownBy(() -> GoldStage.run(w, Project.load(dir)))
        .hasMessageContaining("gold/evil.sql failed (a model is exactly one SELECT)");
    assertThat(TestWarehouse.count(w.jdbcUrl(), "SELECT count(*) FROM silver.customers"))
        .as("silver.customers is still there")
        .isZero();
    w.closePool();
  }

  @Test
  public void aModelWithATrailingCommentAndSemicolonBuildsItsTable() throws Exception {
    Path dir =
        project(
            "counted",
            "WITH c AS (SELECT count(*) AS n FROM silver.customers)\n"
                + "SELECT n FROM c ORDER BY n -- one row\n;\n");
    Warehouse w = warehouseFor(dir);

    assertThat(GoldStage.run(w, Project.load(dir))).containsExactly("counted (1 rows)");
    w.closePool();
  }
}
