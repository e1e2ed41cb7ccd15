package io.strata.pipelines;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What two runs over the same input must agree on, whatever the runner: every silver and gold
 * table's rows (count and md5 of the ordered row text; silver without the run id that wrote a row),
 * the quarantined records with their reasons, and the ledger's counts per table.
 */
public record WarehouseSnapshot(
    Map<String, String> silver,
    String quarantine,
    Map<String, String> gold,
    List<List<String>> ledger) {

  public static WarehouseSnapshot of(String jdbcUrl) throws SQLException {
    List<List<String>> ledger =
        TestWarehouse.rows(
            jdbcUrl,
            "SELECT table_name, rows_read, bronze_new, bronze_already_present,"
                + " silver_processed, silver_upserted, quarantined, superseded, resolved FROM ops.table_counts ORDER BY table_name");
    String quarantine =
        digest(
            jdbcUrl,
            "SELECT table_name, source, position, payload, reasons, replayable, resolved_run_id IS NULL AS open"
                + " FROM quarantine.rejected_rows");
    return new WarehouseSnapshot(
        digests(jdbcUrl, "silver", "to_jsonb(t) - 'lineage_run_id'"),
        quarantine,
        digests(jdbcUrl, "gold", "t"),
        ledger);
  }

  /** Per table of {@code schema}, the digest of {@code row} over its rows {@code t}. */
  private static Map<String, String> digests(String jdbcUrl, String schema, String row)
      throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    for (List<String> table :
        TestWarehouse.rows(
            jdbcUrl,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                + schema
                + "' ORDER BY 1")) {
      String name = table.get(0);
      out.put(name, digest(jdbcUrl, "SELECT " + row + " FROM " + schema + "." + name + " t"));
    }
    return out;
  }

  private static String digest(String jdbcUrl, String rows) throws SQLException {
    return TestWarehouse.rows(
            jdbcUrl,
            "SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '-')"
                + " FROM ("
                + rows
                + ") x")
        .get(0)
        .get(0);
  }
}
