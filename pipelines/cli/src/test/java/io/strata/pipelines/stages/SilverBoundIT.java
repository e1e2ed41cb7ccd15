package io.strata.pipelines.stages;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.pipelines.TestWarehouse;
import io.strata.transforms.contract.ContractLoader;
import io.strata.transforms.jdbc.Migrations;
import io.strata.transforms.jdbc.TableDdl;
import io.strata.transforms.jdbc.Warehouse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Silver's upper bound over bronze, with a bronze writer running beside it as the continuous bronze
 * job does: a row whose id was drawn before a higher committed one must not fall under the bound
 * while its transaction is still open, or the watermark would pass it unread.
 */
public class SilverBoundIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();

  @Test
  public void theBoundWaitsForABronzeWriteStillInFlight() throws Exception {
    String db = WAREHOUSE.newDatabase();
    Warehouse w = new Warehouse(db, EmbeddedPostgresServer.SUPERUSER, "");
    Migrations.apply(w);
    try (Connection c = w.connect()) {
      TableDdl.ensure(
          c,
          ContractLoader.fromYaml(
              "events.yaml",
              "table: events\nsource: {kind: kafka, topic: events}\ncolumns: [{name: id}]\nkey: [id]"));
    }
    try (Connection slow = DriverManager.getConnection(db, EmbeddedPostgresServer.SUPERUSER, "");
        Statement s = slow.createStatement()) {
      slow.setAutoCommit(false);
      s.executeUpdate(
          "INSERT INTO bronze.events (source, position, payload, run_id) VALUES ('e', 1, 'drawn first, committed last', 'r')");
      TestWarehouse.execute(
          db,
          "INSERT INTO bronze.events (source, position, payload, run_id) VALUES ('e', 2, 'drawn second, committed at once', 'r')");

      CompletableFuture<Long> bound =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return SilverStage.bronzeBound(w, "events");
                } catch (java.sql.SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      TimeUnit.MILLISECONDS.sleep(1500);
      assertThat(bound).as("the bound waits while a writer holds ids").isNotDone();

      slow.commit();
      assertThat(bound.get(30, TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(TestWarehouse.count(db, "SELECT count(*) FROM bronze.events WHERE bronze_id <= 2"))
          .isEqualTo(2);
    } finally {
      w.closePool();
    }
  }
}
