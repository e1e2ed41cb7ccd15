package io.strata.transforms.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.ContractLoader;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Migrations;
import io.strata.transforms.jdbc.TableDdl;
import io.strata.transforms.jdbc.Warehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.flywaydb.core.Flyway;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A warehouse whose bronze was written in the earlier layout (each record as one {@code jsonb},
 * unique on its lineage) is brought to the current one by migration V7 and the next run's table
 * check, and reruns over the same input still add nothing.
 */
public class BronzeLegacyLayoutIT {
  private static final TableContract PRODUCTS =
      ContractLoader.fromYaml(
          "products.yaml",
          String.join(
              "\n",
              "table: products",
              "source: {kind: jsonl, path: 'p/*.jsonl'}",
              "columns:",
              "  - {name: product_id, path: sku, required: true}",
              "  - {name: category_id, path: category.id}",
              "  - {name: price, type: decimal}",
              "key: [product_id]",
              "children: [{table: product_tags, path: tags, column: tag}]"));

  private static EmbeddedPostgresServer server;
  private static Warehouse warehouse;

  @BeforeClass
  public static void legacyWarehouse() throws Exception {
    server = EmbeddedPostgresServer.start(Path.of("target", "it-legacy-" + System.nanoTime()));
    server.ensureDatabase("legacy");
    warehouse = new Warehouse(server.jdbcUrl("legacy"), EmbeddedPostgresServer.SUPERUSER, "");
    Flyway.configure()
        .dataSource(warehouse.dataSource())
        .locations("classpath:db/migration")
        .target("6")
        .load()
        .migrate();
    // bronze.products exactly as releases before V7 created it, with what they wrote into it.
    execute(
        "CREATE TABLE bronze.products (bronze_id bigserial PRIMARY KEY, source text NOT NULL,"
            + " position bigint NOT NULL, payload text NOT NULL, record jsonb, reject_code text,"
            + " reject_message text, run_id text NOT NULL,"
            + " ingested_at timestamptz NOT NULL DEFAULT now(), UNIQUE (source, position))",
        "INSERT INTO bronze.products (source, position, payload, record, reject_code, reject_message, run_id) VALUES"
            + " ('p/1.jsonl', 1, 'line 1', '{\"sku\":\"P1\",\"category\":{\"id\":\"C1\"},\"price\":12.50,\"tags\":[\"a\",\"b\"]}', NULL, NULL, 'old'),"
            + " ('p/1.jsonl', 2, 'line 2', '{\"sku\":\"P2\",\"price\":{\"amount\":3}}', NULL, NULL, 'old'),"
            + " ('p/1.jsonl', 3, '{oops', NULL, 'row.parse_error', 'not JSON', 'old'),"
            + " ('p/1.jsonl', 5, 'line 5', '{\"sku\":\"P5\",\"price\":null}', NULL, NULL, 'old'),"
            + " ('p/2.jsonl', 1, 'line 1', '{\"sku\":\"P6\"}', NULL, NULL, 'old')");
    Migrations.apply(warehouse);
    try (Connection c = warehouse.connect()) {
      TableDdl.ensure(c, PRODUCTS);
    }
  }

  @AfterClass
  public static void stop() {
    warehouse.closePool();
    server.close();
  }

  @Test
  public void eachRecordIsSplitIntoItsFieldsAndKeepsItsRawTextOnlyWhereTheFieldsCannotStandForIt()
      throws Exception {
    assertThat(
            rows(
                "SELECT position, product_id, category_id, price, product_tags, payload, reject_code"
                    + " FROM bronze.products WHERE source = 'p/1.jsonl' ORDER BY position"))
        .containsExactly(
            "1,P1,C1,12.50,[\"a\", \"b\"],null,null",
            "2,P2,null,{\"amount\": 3},null,line 2,null",
            "3,null,null,null,null,{oops,row.parse_error",
            "5,P5,null,null,null,null,null");
    assertThat(rows("SELECT count(*) FROM information_schema.columns WHERE column_name = 'record'"))
        .containsExactly("0");
  }

  @Test
  public void theRowsAlreadyThereBecomeRangesSoAReReadAddsOnlyWhatIsNew() throws Exception {
    assertThat(
            rows(
                "SELECT source, first_position, last_position FROM ops.bronze_ranges"
                    + " WHERE table_name = 'products' ORDER BY 1, 2"))
        .containsExactly("p/1.jsonl,1,3", "p/1.jsonl,5,5", "p/2.jsonl,1,1");

    List<BronzeRecord> reread = new ArrayList<>();
    for (long line = 1; line <= 6; line++) {
      reread.add(
          BronzeRecord.parsed("products", "p/1.jsonl", line, Map.of("product_id", "P" + line)));
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(reread))
        .apply(WriteBronze.to(warehouse, BronzeLayout.of(PRODUCTS), "new", 2));
    p.run().waitUntilFinish();

    assertThat(rows("SELECT position FROM bronze.products WHERE run_id = 'new' ORDER BY position"))
        .as("line 4 was never written (a blank line then), line 6 is new")
        .containsExactly("4", "6");
  }

  private static void execute(String... sql) throws Exception {
    try (Connection c = warehouse.connect();
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  private static List<String> rows(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = warehouse.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(String.valueOf(rs.getString(i)));
        }
        out.add(String.join(",", cells));
      }
    }
    return out;
  }
}
