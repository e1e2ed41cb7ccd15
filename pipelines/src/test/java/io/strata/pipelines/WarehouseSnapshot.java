package io.strata.pipelines;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What two runs over the same input must agree on, whatever the runner: every gold table's rows
 * (count and md5 of the ordered row text) and the ledger's counts per table.
 */
public record WarehouseSnapshot(Map<String, String> gold, List<List<String>> ledger) {

  public static WarehouseSnapshot of(String jdbcUrl) throws SQLException {
    Map<String, String> gold = new LinkedHashMap<>();
    for (List<String> table : TestWarehouse.rows(jdbcUrl,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'gold' ORDER BY 1")) {
      String name = table.get(0);
      List<String> digest = TestWarehouse.rows(jdbcUrl, "SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-')"
          + " FROM gold." + name + " t").get(0);
      gold.put(name, digest.get(0));
    }
    List<List<String>> ledger = TestWarehouse.rows(jdbcUrl, "SELECT table_name, rows_read, bronze_new, bronze_already_present,"
        + " silver_processed, silver_upserted, quarantined, superseded, resolved FROM ops.table_counts ORDER BY table_name");
    return new WarehouseSnapshot(gold, ledger);
  }
}
