package io.strata.transforms.jdbc;

import io.strata.transforms.contract.BronzeLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates {@code bronze.<table>} as its {@link BronzeLayout} says, or brings an existing one to it:
 * a field the contract gained becomes a column (empty for rows loaded before), and a table of the
 * earlier layout (each record as one {@code record jsonb}) gets its fields split out of it, the raw
 * text dropped where the fields stand for it, and an emptied table forgets the ranges it had
 * loaded. No unique index: {@code ops.bronze_ranges} keeps loads idempotent, and a BRIN index
 * serves silver's reads by id range.
 */
public final class BronzeTable {
  private static final String LEGACY_RECORD = "record";

  private BronzeTable() {}

  public static void ensure(Connection c, BronzeLayout layout) throws SQLException {
    String t = layout.table();
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS bronze."
              + t
              + " (bronze_id bigserial NOT NULL, source text NOT NULL, position bigint NOT NULL,"
              + " run_id text NOT NULL, ingested_at timestamptz NOT NULL DEFAULT now(),"
              + " payload text, reject_code text, reject_message text"
              + layout.columns().stream()
                  .map(col -> ", " + col + " text")
                  .collect(Collectors.joining())
              + ")");
      s.execute(
          "CREATE INDEX IF NOT EXISTS "
              + t
              + "_bronze_id ON bronze."
              + t
              + " USING brin (bronze_id)");
    }
    Set<String> existing = columns(c, t);
    for (String column : layout.columns()) {
      if (!existing.contains(column)) {
        try (Statement s = c.createStatement()) {
          s.execute("ALTER TABLE bronze." + t + " ADD COLUMN " + column + " text");
        }
      }
    }
    if (existing.contains(LEGACY_RECORD)) {
      splitLegacyRecord(c, layout);
    }
    forgetRangesOfAnEmptiedTable(c, t);
  }

  /**
   * An empty bronze table holds nothing its recorded ranges could vouch for: someone emptied it to
   * load again, and the next load must not take its input as already present.
   */
  private static void forgetRangesOfAnEmptiedTable(Connection c, String table) throws SQLException {
    try (PreparedStatement forget =
        c.prepareStatement(
            "DELETE FROM ops.bronze_ranges WHERE table_name = ?"
                + " AND NOT EXISTS (SELECT 1 FROM bronze."
                + table
                + ")")) {
      forget.setString(1, table);
      forget.executeUpdate();
    }
  }

  /**
   * Each field from the earlier layout's {@code record} (the JSON text of a nested value, else the
   * value's text); the raw text kept only for unreadable records and those with a nested value
   * where a value belongs, as {@link BronzeRecord#ofJson} would have read them.
   */
  private static void splitLegacyRecord(Connection c, BronzeLayout layout) throws SQLException {
    List<String> sets = new ArrayList<>();
    List<String> nestedWhereValue = new ArrayList<>();
    for (BronzeLayout.Field f : layout.fields()) {
      String at = "record #> ?::text[]";
      sets.add(
          f.column()
              + " = CASE WHEN jsonb_typeof("
              + at
              + ") IN ('object', 'array')"
              + (f.container() ? " OR " + at + " IS NOT NULL" : "")
              + " THEN ("
              + at
              + ")::text ELSE record #>> ?::text[] END");
      if (!f.container()) {
        nestedWhereValue.add("jsonb_typeof(" + at + ") IN ('object', 'array')");
      }
    }
    String keepPayload =
        nestedWhereValue.isEmpty() ? "false" : String.join(" OR ", nestedWhereValue);
    String sql =
        "UPDATE bronze."
            + layout.table()
            + " SET "
            + String.join(", ", sets)
            + (sets.isEmpty() ? "" : ", ")
            + "payload = CASE WHEN "
            + keepPayload
            + " THEN payload END WHERE record IS NOT NULL AND reject_code IS NULL";
    try (PreparedStatement update = c.prepareStatement(sql)) {
      int i = 1;
      for (BronzeLayout.Field f : layout.fields()) {
        int uses = f.container() ? 4 : 3;
        for (int u = 0; u < uses; u++) {
          update.setArray(i++, path(c, f));
        }
      }
      for (BronzeLayout.Field f : layout.fields()) {
        if (!f.container()) {
          update.setArray(i++, path(c, f));
        }
      }
      update.executeUpdate();
    }
    try (Statement s = c.createStatement()) {
      s.execute("ALTER TABLE bronze." + layout.table() + " DROP COLUMN " + LEGACY_RECORD);
    }
  }

  private static java.sql.Array path(Connection c, BronzeLayout.Field f) throws SQLException {
    return c.createArrayOf("text", f.path().split("\\."));
  }

  private static Set<String> columns(Connection c, String table) throws SQLException {
    Set<String> columns = new HashSet<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = 'bronze' AND table_name = ?")) {
      q.setString(1, table);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }
}
