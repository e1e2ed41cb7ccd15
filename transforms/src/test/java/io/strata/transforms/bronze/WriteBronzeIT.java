package io.strata.transforms.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.ContractLoader;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.TableDdl;
import io.strata.transforms.jdbc.WarehouseRule;
import io.strata.transforms.job.StageJob;
import io.strata.transforms.metrics.Count;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Bronze's sink against a real PostgreSQL: one row per lineage however batches fall, refused
 * records kept, commits logged.
 */
public class WriteBronzeIT {
  @ClassRule public static final WarehouseRule WAREHOUSE = new WarehouseRule();

  /** bronze.{@code table}, created as a run creates it: from a contract; its layout. */
  private static BronzeLayout bronzeTable(String table) throws Exception {
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
    return BronzeLayout.of(contract);
  }

  private static BronzeRecord line(String table, String source, long position, String x) {
    return BronzeRecord.parsed(table, source, position, Map.of("x", x));
  }

  private static void write(List<BronzeRecord> records, WriteBronze write) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(records)).apply(write);
    p.run().waitUntilFinish();
  }

  @Test
  public void bronzeKeepsOneRowPerLineageHoweverOftenItIsWritten() throws Exception {
    BronzeLayout things = bronzeTable("things");
    List<BronzeRecord> records =
        List.of(
            line("things", "t/1.csv", 2, "a"),
            BronzeRecord.unreadable(
                "things", "t/1.csv", 3, "b,\"", "row.parse_error", "bad quote"));
    for (String run : List.of("r1", "r2")) {
      write(records, WriteBronze.to(WAREHOUSE.warehouse(), things, run, 1));
    }
    assertThat(
            WAREHOUSE.rows(
                "SELECT source, position, run_id, x, payload, reject_code FROM bronze.things"
                    + " ORDER BY position"))
        .as("a parsed record keeps its fields, an unreadable one its raw text")
        .containsExactly("t/1.csv,2,r1,a,null,null", "t/1.csv,3,r1,null,b,\",row.parse_error");
  }

  @Test
  public void aRereadInOtherBatchesAddsOnlyTheLinesBronzeHasNotSeen() throws Exception {
    BronzeLayout grows = bronzeTable("grows");
    List<BronzeRecord> firstDrop = new ArrayList<>();
    for (int n = 2; n <= 40; n += 2) { // gaps, as multi-line records leave them
      firstDrop.add(line("grows", "g/1.csv", n, "v" + n));
    }
    write(firstDrop, WriteBronze.to(WAREHOUSE.warehouse(), grows, "r1", 7));
    List<BronzeRecord> grown = new ArrayList<>(firstDrop);
    for (int n = 42; n <= 60; n += 2) {
      grown.add(line("grows", "g/1.csv", n, "v" + n));
    }
    grown.add(line("grows", "g/2.csv", 2, "other file"));
    write(grown, WriteBronze.to(WAREHOUSE.warehouse(), grows, "r2", 3));

    assertThat(
            WAREHOUSE.rows(
                "SELECT run_id, count(*), count(DISTINCT (source, position)) FROM bronze.grows"
                    + " GROUP BY run_id ORDER BY run_id"))
        .containsExactly("r1,20,20", "r2,11,11");
    assertThat(
            WAREHOUSE.rows(
                "SELECT count(*) FROM ops.bronze_ranges r WHERE r.table_name = 'grows' AND EXISTS"
                    + " (SELECT 1 FROM ops.bronze_ranges o WHERE o.table_name = r.table_name"
                    + " AND o.source = r.source AND o.first_position <> r.first_position"
                    + " AND o.first_position <= r.last_position AND o.last_position >= r.first_position)"))
        .as("no two recorded ranges of a source overlap")
        .containsExactly("0");
  }

  @Test
  public void everyBatchOfABundleIsCountedAsReadNewOrPresent() throws Exception {
    BronzeLayout counted = bronzeTable("counted");
    List<BronzeRecord> records = new ArrayList<>();
    for (int n = 1; n <= 10; n++) {
      records.add(line("counted", "c/1.csv", n, "v" + n));
    }
    List<String> runs = new ArrayList<>();
    for (List<BronzeRecord> input : List.of(records.subList(0, 4), records)) {
      Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
      p.apply(Create.of(input)).apply(WriteBronze.to(WAREHOUSE.warehouse(), counted, "r", 3));
      StageJob job = StageJob.run(p, "bronze");
      runs.add(
          job.count("counted", Count.ROWS_READ)
              + "/"
              + job.count("counted", Count.BRONZE_NEW)
              + "/"
              + job.count("counted", Count.BRONZE_ALREADY_PRESENT));
    }
    assertThat(runs).as("read/new/present per run").containsExactly("4/4/0", "10/6/4");
    assertThat(WAREHOUSE.rows("SELECT count(*), count(DISTINCT position) FROM bronze.counted"))
        .containsExactly("10,10");
  }

  @Test
  public void aConnectionLostMidWriteNamesTheTableItWasWriting() throws Exception {
    BronzeLayout lost = bronzeTable("lost");
    // The server ends the writing session itself, as a restart or a network cut would.
    WAREHOUSE.execute(
        "CREATE FUNCTION bronze.end_session() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$");
    WAREHOUSE.execute(
        "CREATE TRIGGER end_session BEFORE INSERT ON bronze.lost"
            + " FOR EACH ROW EXECUTE FUNCTION bronze.end_session()");

    assertThatThrownBy(
            () ->
                write(
                    List.of(line("lost", "l/1.csv", 2, "a")),
                    WriteBronze.to(WAREHOUSE.warehouse(), lost, "r1", 10)))
        .hasStackTraceContaining("lost the connection to PostgreSQL while writing bronze.lost: ");
    WAREHOUSE.execute("DROP TRIGGER end_session ON bronze.lost");
    assertThat(WAREHOUSE.rows("SELECT count(*) FROM bronze.lost")).containsExactly("0");
  }

  @Test
  public void anEmptiedBronzeTableLoadsItsInputAgain() throws Exception {
    BronzeLayout reloaded = bronzeTable("reloaded");
    List<BronzeRecord> records =
        List.of(line("reloaded", "r/1.csv", 2, "a"), line("reloaded", "r/1.csv", 3, "b"));
    write(records, WriteBronze.to(WAREHOUSE.warehouse(), reloaded, "r1", 10));
    WAREHOUSE.execute("TRUNCATE bronze.reloaded");
    bronzeTable("reloaded"); // the next run's table check
    write(records, WriteBronze.to(WAREHOUSE.warehouse(), reloaded, "r2", 10));

    assertThat(WAREHOUSE.rows("SELECT run_id, count(*) FROM bronze.reloaded GROUP BY run_id"))
        .containsExactly("r2,2");
  }

  @Test
  public void recordsArrivingOutOfOrderAreEachWrittenOnce() throws Exception {
    BronzeLayout shuffled = bronzeTable("shuffled");
    List<BronzeRecord> records = new ArrayList<>();
    for (int n = 1; n <= 30; n++) {
      records.add(line("shuffled", "s/1.csv", n, "v" + n));
    }
    java.util.Collections.shuffle(records, new java.util.Random(7));
    write(records, WriteBronze.to(WAREHOUSE.warehouse(), shuffled, "r1", 4));
    java.util.Collections.shuffle(records, new java.util.Random(8));
    write(records, WriteBronze.to(WAREHOUSE.warehouse(), shuffled, "r2", 5));

    assertThat(
            WAREHOUSE.rows(
                "SELECT run_id, count(*), min(position), max(position) FROM bronze.shuffled"
                    + " GROUP BY run_id"))
        .as("every line once, none claimed by a range that did not write it")
        .containsExactly("r1,30,1,30");
  }

  @Test
  public void aRecordPostgresRefusesLandsUnreadableAndTheRestOfItsBatchLandsParsed()
      throws Exception {
    BronzeLayout odd = bronzeTable("odd");
    List<BronzeRecord> records = new ArrayList<>();
    for (int line = 1; line <= 9; line++) {
      // Built directly, past the readers' own checks: PostgreSQL text refuses \u0000.
      records.add(line("odd", "o/1.jsonl", line, line == 4 ? "\u0000" : "" + line));
    }
    write(records, WriteBronze.to(WAREHOUSE.warehouse(), odd, "r1", 100));

    assertThat(
            WAREHOUSE.rows(
                "SELECT position, reject_code, x IS NULL, payload FROM bronze.odd"
                    + " WHERE reject_code IS NOT NULL ORDER BY position"))
        .as("its fields kept as JSON text, where the NUL is an escape")
        .containsExactly("4,row.parse_error,t,{\"x\":\"\\u0000\"}");
    assertThat(
            WAREHOUSE.rows(
                "SELECT count(*) FROM bronze.odd WHERE reject_code IS NULL AND x IS NOT NULL"))
        .containsExactly("8");
    assertThat(WAREHOUSE.rows("SELECT reject_message FROM bronze.odd WHERE position = 4").get(0))
        .startsWith("PostgreSQL cannot store the record as parsed: ")
        .contains("0x00");
  }

  @Test
  public void bronzeWrittenPerBundleLogsEveryCommitWithWhatWasNewAndWhatWasPresent()
      throws Exception {
    BronzeLayout events = bronzeTable("events");
    List<BronzeRecord> first =
        List.of(
            line("events", "events/00000", 0, "a"),
            line("events", "events/00001", 0, "b"),
            line("events", "events/00001", 1, "c"));
    // A replay after a crash: two records again and one that is new.
    List<BronzeRecord> replay =
        List.of(first.get(1), first.get(2), line("events", "events/00001", 2, "d"));
    for (List<BronzeRecord> records : List.of(first, replay)) {
      write(records, WriteBronze.forStream(WAREHOUSE.warehouse(), events, "stream-1", 2));
    }
    assertThat(
            WAREHOUSE.rows("SELECT source, position, x, run_id FROM bronze.events ORDER BY 1, 2"))
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
