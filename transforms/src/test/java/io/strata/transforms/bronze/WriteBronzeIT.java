package io.strata.transforms.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.transforms.contract.ContractLoader;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.TableDdl;
import io.strata.transforms.jdbc.WarehouseRule;
import java.sql.Connection;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Bronze's sink against a real PostgreSQL: one row per lineage, refused records kept, commits
 * logged.
 */
public class WriteBronzeIT {
  @ClassRule public static final WarehouseRule WAREHOUSE = new WarehouseRule();

  /** bronze.{@code table}, created as a run creates it: from a contract. */
  private static void bronzeTable(String table) throws Exception {
    TableContract contract =
        ContractLoader.fromYaml(
            table + ".yaml",
            String.join(
                "\n",
                "table: " + table,
                "source: {kind: csv, path: '" + table + "/*.csv'}",
                "columns: [{name: x, required: true}]",
                "key: [x]"));
    try (Connection c = WAREHOUSE.warehouse().connect()) {
      TableDdl.ensure(c, contract);
    }
  }

  @Test
  public void bronzeKeepsOneRowPerLineageHoweverOftenItIsWritten() throws Exception {
    bronzeTable("things");
    List<BronzeRecord> records =
        List.of(
            BronzeRecord.parsed("things", "t/1.csv", 2, "a", "{\"x\":\"a\"}"),
            BronzeRecord.unreadable(
                "things", "t/1.csv", 3, "b,\"", "row.parse_error", "bad quote"));
    for (String run : List.of("r1", "r2")) {
      Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
      p.apply(Create.of(records)).apply(WriteBronze.to(WAREHOUSE.warehouse(), "things", run, 1));
      p.run().waitUntilFinish();
    }
    assertThat(
            WAREHOUSE.rows(
                "SELECT source, position, run_id, reject_code FROM bronze.things ORDER BY position"))
        .containsExactly("t/1.csv,2,r1,null", "t/1.csv,3,r1,row.parse_error");
  }

  @Test
  public void aRecordPostgresRefusesLandsUnreadableAndTheRestOfItsBatchLandsParsed()
      throws Exception {
    bronzeTable("odd");
    List<BronzeRecord> records = new java.util.ArrayList<>();
    for (int line = 1; line <= 9; line++) {
      // Built directly, past the readers' own checks: jsonb refuses \u0000 and a lone surrogate.
      String json =
          line == 4
              ? "{\"x\":\"\\u0000\"}"
              : line == 7 ? "{\"x\":\"\\udc00\"}" : "{\"x\":\"" + line + "\"}";
      records.add(BronzeRecord.parsed("odd", "o/1.jsonl", line, json, json));
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(records)).apply(WriteBronze.to(WAREHOUSE.warehouse(), "odd", "r1", 100));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertThat(
            WAREHOUSE.rows(
                "SELECT position, reject_code, record IS NULL, payload FROM bronze.odd"
                    + " WHERE reject_code IS NOT NULL ORDER BY position"))
        .containsExactly(
            "4,row.parse_error,t,{\"x\":\"\\u0000\"}", "7,row.parse_error,t,{\"x\":\"\\udc00\"}");
    assertThat(
            WAREHOUSE.rows(
                "SELECT count(*) FROM bronze.odd WHERE reject_code IS NULL AND record IS NOT NULL"))
        .containsExactly("7");
    assertThat(WAREHOUSE.rows("SELECT reject_message FROM bronze.odd WHERE position = 4").get(0))
        .startsWith("PostgreSQL cannot store the record as parsed: ")
        .contains("unsupported Unicode escape sequence");
  }

  @Test
  public void bronzeWrittenPerBundleLogsEveryCommitWithWhatWasNewAndWhatWasPresent()
      throws Exception {
    bronzeTable("events");
    List<BronzeRecord> first =
        List.of(
            BronzeRecord.parsed("events", "events/00000", 0, "a", "{\"x\":\"a\"}"),
            BronzeRecord.parsed("events", "events/00001", 0, "b", "{\"x\":\"b\"}"),
            BronzeRecord.parsed("events", "events/00001", 1, "c", "{\"x\":\"c\"}"));
    // A replay after a crash: two records again and one that is new.
    List<BronzeRecord> replay =
        List.of(
            first.get(1),
            first.get(2),
            BronzeRecord.parsed("events", "events/00001", 2, "d", "{\"x\":\"d\"}"));
    for (List<BronzeRecord> records : List.of(first, replay)) {
      Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
      p.apply(Create.of(records))
          .apply(WriteBronze.forStream(WAREHOUSE.warehouse(), "events", "stream-1", 2));
      p.run().waitUntilFinish();
    }
    assertThat(
            WAREHOUSE.rows(
                "SELECT source, position, payload, run_id FROM bronze.events ORDER BY 1, 2"))
        .containsExactly(
            "events/00000,0,a,stream-1",
            "events/00001,0,b,stream-1",
            "events/00001,1,c,stream-1",
            "events/00001,2,d,stream-1");
    assertThat(
            WAREHOUSE.rows(
                "SELECT stream_id, table_name, sum(rows_read), sum(bronze_new), sum(bronze_already_present), bool_and(rows_read BETWEEN 1 AND 2)"
                    + " FROM ops.bronze_commits GROUP BY 1, 2"))
        .as("six records read, four new, two present; no commit above the batch size")
        .containsExactly("stream-1,events,6,4,2,t");
  }
}
