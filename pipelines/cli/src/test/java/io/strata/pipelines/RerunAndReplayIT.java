package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.transforms.jdbc.Migrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.ClassRule;
import org.junit.Test;

/** Reruns change nothing; a row waiting for its parent moves to silver once the parent arrives. */
public class RerunAndReplayIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();

  private static final String PROJECT = "--projectDir=src/test/resources/library-project";

  /** Silver, gold and quarantine content, in a fixed order, without the columns a run stamps. */
  private static List<List<String>> snapshot(String db) throws Exception {
    return TestWarehouse.rows(
        db,
        "SELECT 'members', md5(string_agg(m::text, '|' ORDER BY member_id)) FROM (SELECT member_id, name, joined_on, lineage_source, lineage_position FROM silver.members) m"
            + " UNION ALL SELECT 'books', md5(string_agg(b::text, '|' ORDER BY isbn)) FROM (SELECT isbn, title, author, pages, revised_at, lineage_source, lineage_position FROM silver.books) b"
            + " UNION ALL SELECT 'loans', md5(string_agg(l::text, '|' ORDER BY loan_id)) FROM (SELECT loan_id, member_id, isbn, loaned_on, days FROM silver.loans) l"
            + " UNION ALL SELECT 'gold', md5(string_agg(g::text, '|' ORDER BY genre)) FROM gold.loans_per_genre g"
            + " UNION ALL SELECT 'quarantine', md5(string_agg(q::text, '|' ORDER BY table_name, source, position)) FROM"
            + " (SELECT table_name, source, position, payload, reasons, replayable, resolved_run_id IS NULL FROM quarantine.rejected_rows) q");
  }

  @Test
  public void aSecondRunOverTheSameInputChangesNothing() throws Exception {
    String db = WAREHOUSE.newDatabase();
    String input = "--inputDir=src/test/resources/library-input";
    assertThat(TestWarehouse.run(db, PROJECT, input).exit()).isZero();
    List<List<String>> first = snapshot(db);
    long bronze = TestWarehouse.count(db, "SELECT count(*) FROM bronze.loans");

    TestWarehouse.RunResult second = TestWarehouse.run(db, PROJECT, input);

    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(snapshot(db)).isEqualTo(first);
    assertThat(TestWarehouse.count(db, "SELECT count(*) FROM bronze.loans")).isEqualTo(bronze);
    // The second run read everything again, found it all present, and only re-checked the loan
    // still missing its member.
    assertThat(
            TestWarehouse.rows(
                db,
                "SELECT table_name, rows_read, bronze_new, bronze_already_present, silver_processed, quarantined FROM ops.table_counts"
                    + " WHERE run_id = (SELECT run_id FROM ops.runs ORDER BY started_at DESC LIMIT 1) ORDER BY 1"))
        .containsExactly(
            List.of("books", "4", "0", "4", "0", "0"),
            List.of("loans", "5", "0", "5", "1", "1"),
            List.of("members", "3", "0", "3", "0", "0"));
  }

  @Test
  public void aLoanWhoseMemberArrivesLaterMovesToSilverAndItsQuarantineRowIsResolved()
      throws Exception {
    String db = WAREHOUSE.newDatabase();
    Path input = copyOfLibraryInput();
    assertThat(TestWarehouse.run(db, PROJECT, "--inputDir=" + input).exit()).isZero();
    assertThat(TestWarehouse.count(db, "SELECT count(*) FROM silver.loans WHERE loan_id = 4"))
        .isZero();

    Files.writeString(
        input.resolve("members/members_late.csv"),
        "member_id,name,joined_on\nM0003,Grace,2025-07-04\n");
    TestWarehouse.RunResult second = TestWarehouse.run(db, PROJECT, "--inputDir=" + input);

    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(TestWarehouse.rows(db, "SELECT member_id, days FROM silver.loans WHERE loan_id = 4"))
        .containsExactly(List.of("M0003", "7"));
    assertThat(
            TestWarehouse.rows(
                db,
                "SELECT resolved_run_id = (SELECT run_id FROM ops.runs ORDER BY started_at DESC LIMIT 1) FROM quarantine.rejected_rows"
                    + " WHERE table_name = 'loans' AND position = 5"))
        .containsExactly(List.of("t"));
    assertThat(TestWarehouse.rows(db, "SELECT genre, loans FROM gold.loans_per_genre"))
        .containsExactly(List.of("classic", "2"), List.of("sf", "2"));
  }

  @Test
  public void aRunIsRefusedWhileAnotherHoldsTheWarehouse() throws Exception {
    String db = WAREHOUSE.newDatabase();
    // Another client of the warehouse (a password the embedded server ignores keeps its pool apart
    // from the run's).
    io.strata.transforms.jdbc.Warehouse warehouse =
        new io.strata.transforms.jdbc.Warehouse(db, "postgres", "other-client");
    Migrations.apply(warehouse);
    try (io.strata.pipelines.ledger.RunLock held =
        io.strata.pipelines.ledger.RunLock.acquire(warehouse)) {
      assertThat(
              TestWarehouse.run(db, PROJECT, "--inputDir=src/test/resources/library-input").exit())
          .isEqualTo(1);
    } finally {
      warehouse.closePool();
    }
    assertThat(TestWarehouse.count(db, "SELECT count(*) FROM ops.runs")).isZero();
    assertThat(TestWarehouse.run(db, PROJECT, "--inputDir=src/test/resources/library-input").exit())
        .isZero();
  }

  private static Path copyOfLibraryInput() throws Exception {
    Path from = Path.of("src/test/resources/library-input");
    Path to = Path.of("target", "library-input-" + System.nanoTime());
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
