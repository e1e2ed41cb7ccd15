package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.retail.RetailProject;
import io.strata.retail.generate.GeneratorConfig;
import io.strata.retail.generate.RetailGenerator;
import java.nio.file.Path;
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
    assertSameOnBothRunners("src/test/resources/retail-by-hand");
  }

  @Test
  public void generatedSampleGivesTheSameGoldAndLedgerOnFlinkAsOnTheDirectRunner()
      throws Exception {
    Path input = Path.of("target", "flink-local-it-input");
    RetailGenerator.generate(
        GeneratorConfig.defaults(input).withSeed(11).withDays(14).withCustomers(150));
    assertSameOnBothRunners(input.toString());
  }

  private static void assertSameOnBothRunners(String inputDir) throws Exception {
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
  }
}
