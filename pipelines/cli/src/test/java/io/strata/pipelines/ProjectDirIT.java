package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A second dataset of another domain runs from its own folder of contracts and SQL, with no Java.
 */
public class ProjectDirIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();

  @Test
  public void runsTheLibraryProjectFromItsFolder() throws Exception {
    String db = WAREHOUSE.newDatabase();
    TestWarehouse.RunResult run =
        TestWarehouse.run(
            db,
            "--projectDir=src/test/resources/library-project",
            "--inputDir=src/test/resources/library-input");
    assertThat(run.exit()).as(run.output()).isZero();

    assertThat(TestWarehouse.rows(db, "SELECT isbn, title, pages FROM silver.books ORDER BY 1"))
        .containsExactly(
            List.of("9780000000001", "Dune (2nd ed.)", "420"),
            List.of("9780000000002", "Emma", "300"));
    assertThat(TestWarehouse.rows(db, "SELECT isbn, genre FROM silver.book_genres ORDER BY 1, 2"))
        .containsExactly(List.of("9780000000001", "sf"), List.of("9780000000002", "classic"));
    assertThat(TestWarehouse.rows(db, "SELECT genre, loans, loan_days FROM gold.loans_per_genre"))
        .containsExactly(List.of("classic", "1", "7"), List.of("sf", "2", "35"));
    assertThat(
            TestWarehouse.rows(
                db,
                "SELECT table_name, position, reasons->0->>'code', replayable FROM quarantine.rejected_rows ORDER BY 1, 2"))
        .containsExactly(
            List.of("books", "4", "row.parse_error", "f"),
            List.of("loans", "5", "member_id.fk_missing", "t"),
            List.of("loans", "6", "days.range", "f"),
            List.of("members", "4", "member_id.pattern", "f"));
    assertThat(
            TestWarehouse.rows(
                db,
                "SELECT table_name, rows_read, bronze_new, silver_processed, silver_upserted, quarantined, superseded FROM ops.table_counts ORDER BY 1"))
        .containsExactly(
            List.of("books", "4", "4", "4", "2", "1", "1"),
            List.of("loans", "5", "5", "5", "3", "2", "0"),
            List.of("members", "3", "3", "3", "2", "1", "0"));
  }
}
