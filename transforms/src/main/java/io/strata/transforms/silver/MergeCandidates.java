package io.strata.transforms.silver;

import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.ChildSpec;
import io.strata.transforms.contract.ColumnSpec;
import io.strata.transforms.contract.ColumnType;
import io.strata.transforms.contract.DedupSpec;
import io.strata.transforms.contract.ForeignKeySpec;
import io.strata.transforms.contract.TableContract;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Decides the staged candidates of one table, set by set, inside PostgreSQL, on the caller's
 * connection and transaction: adds a reason to every candidate whose parent is missing from silver,
 * upserts the greatest valid candidate of each key into silver (replacing its children), and
 * upserts every rejected record, with all its reasons and its raw payload from bronze, into
 * quarantine. Identical staged rows (a retried bundle) count once.
 *
 * <p>The winner of a key is the greatest by the contract's {@code dedup.order_by}, then lineage
 * source and position; absent values sort first, text compares by code point. A row silver already
 * holds is replaced only by one that is not smaller, so a rerun or an older version arriving later
 * changes nothing (it counts as superseded).
 */
public final class MergeCandidates {
  private static final String JUDGED = "judged_candidates";
  private static final String VALID = "reasons = '[]'::jsonb";

  private final TableContract contract;

  private MergeCandidates(TableContract contract) {
    this.contract = contract;
  }

  public static MergeCandidates of(TableContract contract) {
    return new MergeCandidates(contract);
  }

  /** What one merge decided; {@code processed = upserted + quarantined + superseded}. */
  public record Merged(
      long records, long processed, long upserted, long quarantined, long superseded) {}

  /**
   * Merges what {@link BronzeToSilver} staged, as {@code runId}; commits nothing. Fails, leaving
   * the caller to roll back, unless the staged candidates come from exactly {@code expectedRecords}
   * bronze records (a lost bundle would otherwise pass unseen).
   */
  public Merged merge(Connection c, String runId, long expectedRecords) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL work_mem = '256MB'");
    }
    judge(c);
    long records =
        queryLong(
            c,
            "SELECT count(*) FROM (SELECT DISTINCT lineage_source, lineage_position FROM "
                + JUDGED
                + ") r");
    if (records != expectedRecords) {
      throw new IllegalStateException(
          String.format(
              "%s: silver read %d bronze records but %d reached staging (off by %d)",
              contract.table(), expectedRecords, records, records - expectedRecords));
    }
    long valid = queryLong(c, "SELECT count(*) FROM " + JUDGED + " WHERE " + VALID);
    long rejectedRecords =
        queryLong(
            c,
            "SELECT count(*) FROM (SELECT DISTINCT lineage_source, lineage_position FROM "
                + JUDGED
                + " WHERE NOT "
                + VALID
                + ") r");
    long upserted;
    try (PreparedStatement upsert = c.prepareStatement(upsertSilver())) {
      upsert.setString(1, runId);
      upserted = upsert.executeUpdate();
    }
    try (Statement s = c.createStatement()) {
      for (ChildSpec child : contract.childrenOrEmpty()) {
        s.execute(deleteChildren(child));
        s.execute(insertChildren(child));
      }
    }
    long quarantined;
    try (PreparedStatement upsert = c.prepareStatement(upsertQuarantine())) {
      Array parentCodes =
          c.createArrayOf(
              "text",
              contract.foreignKeysOrEmpty().stream().map(ForeignKeySpec::reasonCode).toArray());
      upsert.setString(1, contract.table());
      upsert.setString(2, runId);
      upsert.setArray(3, parentCodes);
      quarantined = upsert.executeUpdate();
    }
    return new Merged(records, valid + rejectedRecords, upserted, quarantined, valid - upserted);
  }

  /** The staged rows, each once, with the reasons of their foreign keys appended to their own. */
  private void judge(Connection c) throws SQLException {
    StringBuilder joins = new StringBuilder();
    StringBuilder reasons = new StringBuilder("s.reasons");
    List<Object> params = new ArrayList<>();
    int i = 0;
    for (ForeignKeySpec fk : contract.foreignKeysOrEmpty()) {
      String p = "p" + i++;
      String value = "s." + fk.column();
      joins
          .append(" LEFT JOIN (")
          .append(parentKeys(fk))
          .append(") ")
          .append(p)
          .append(" ON ")
          .append(p)
          .append(".k = ")
          .append(value);
      String reason =
          "jsonb_build_array(jsonb_build_object('code', ?::text, 'column', ?::text, 'message', ";
      reasons
          .append(" || CASE WHEN ")
          .append(value)
          .append(" IS NULL OR ")
          .append(value)
          .append(" = ANY(?) THEN '[]'::jsonb WHEN ")
          .append(p)
          .append(".k IS NULL THEN ")
          .append(reason)
          .append("'''' || ")
          .append(value)
          .append(" || ''' is not in silver.")
          .append(fk.table())
          .append('.')
          .append(fk.referencedColumn())
          .append("'))");
      params.add(fk.exemptOrEmpty());
      params.add(fk.reasonCode());
      params.add(fk.column());
      if (fk.asOf() != null) {
        String when = "s." + fk.asOf().column();
        String utcDate =
            "(CASE WHEN length("
                + when
                + ") = 10 THEN "
                + when
                + "::date ELSE ("
                + when
                + "::timestamptz AT TIME ZONE 'UTC')::date END)";
        reasons
            .append(" WHEN ")
            .append(when)
            .append(" IS NOT NULL AND ")
            .append(utcDate)
            .append(" < ")
            .append(p)
            .append(".first_date::date THEN ")
            .append(reason)
            .append("'no silver.")
            .append(fk.table())
            .append(" row for ''' || ")
            .append(value)
            .append(" || ''' on or before ' || ")
            .append(utcDate)
            .append("::text || ' (the first is ' || ")
            .append(p)
            .append(".first_date || ')'))");
        params.add(fk.reasonCode());
        params.add(fk.column());
      }
      reasons.append(" ELSE '[]'::jsonb END");
    }
    String sql =
        "CREATE TEMP TABLE "
            + JUDGED
            + " ON COMMIT DROP AS SELECT s.lineage_source, s.lineage_position, "
            + contract.columns().stream()
                .map(col -> "s." + col.name())
                .collect(Collectors.joining(", "))
            + ", s.children, "
            + reasons
            + " AS reasons FROM (SELECT DISTINCT * FROM "
            + StagingTable.name(contract)
            + ") s"
            + joins;
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int p = 0; p < params.size(); p++) {
        Object param = params.get(p);
        if (param instanceof List<?> list) {
          s.setArray(p + 1, c.createArrayOf("text", list.toArray()));
        } else {
          s.setString(p + 1, (String) param);
        }
      }
      s.execute();
    }
    try (Statement s = c.createStatement()) {
      s.execute("ANALYZE " + JUDGED);
    }
  }

  /**
   * {@code k}: each parent key as text; {@code first_date}: its earliest as-of date, when it has
   * one.
   */
  static String parentKeys(ForeignKeySpec fk) {
    String key = fk.referencedColumn();
    String first = fk.asOf() == null ? "NULL::text" : "min(" + fk.asOf().references() + ")::text";
    return "SELECT "
        + key
        + "::text AS k, "
        + first
        + " AS first_date FROM silver."
        + fk.table()
        + " WHERE "
        + key
        + " IS NOT NULL GROUP BY "
        + key;
  }

  String upsertSilver() {
    String table = "silver." + contract.table();
    String cols =
        contract.columns().stream().map(ColumnSpec::name).collect(Collectors.joining(", "));
    String casts =
        contract.columns().stream()
            .map(c -> c.name() + "::" + c.columnType().sqlType())
            .collect(Collectors.joining(", "));
    String keys = contract.key().stream().map(this::typed).collect(Collectors.joining(", "));
    Map<String, String> order = orderBy();
    String newestFirst =
        order.entrySet().stream()
            .map(e -> e.getValue() + " DESC NULLS LAST")
            .collect(Collectors.joining(", "));
    String updates =
        contract.columns().stream()
            .filter(c -> !contract.key().contains(c.name()))
            .map(c -> c.name() + " = EXCLUDED." + c.name())
            .collect(Collectors.joining(", "));
    String current =
        order.keySet().stream()
            .map(o -> table + "." + o + collation(o))
            .collect(Collectors.joining(", "));
    String incoming =
        order.keySet().stream()
            .map(o -> "EXCLUDED." + o + collation(o))
            .collect(Collectors.joining(", "));
    return "INSERT INTO "
        + table
        + " ("
        + cols
        + ", lineage_source, lineage_position, lineage_run_id)"
        + " SELECT DISTINCT ON ("
        + keys
        + ") "
        + casts
        + ", lineage_source, lineage_position, ? FROM "
        + JUDGED
        + " WHERE "
        + VALID
        + " ORDER BY "
        + keys
        + ", "
        + newestFirst
        + " ON CONFLICT ("
        + String.join(", ", contract.key())
        + ") DO UPDATE SET "
        + (updates.isEmpty() ? "" : updates + ", ")
        + "lineage_source = EXCLUDED.lineage_source, lineage_position = EXCLUDED.lineage_position,"
        + " lineage_run_id = EXCLUDED.lineage_run_id"
        + " WHERE ("
        + current
        + ") <= ("
        + incoming
        + ")";
  }

  /** Silver column to its typed expression over a staged row, in the contract's order. */
  private Map<String, String> orderBy() {
    Map<String, String> order = new LinkedHashMap<>();
    for (String name : contract.dedupOrder()) {
      String column = lineageColumn(name);
      order.put(column, column.startsWith("lineage_") ? column + collation(column) : typed(name));
    }
    // Lineage is unique, so ending on it makes the winner independent of arrival order.
    order.putIfAbsent("lineage_source", "lineage_source" + collation("lineage_source"));
    order.putIfAbsent("lineage_position", "lineage_position");
    return order;
  }

  private String typed(String column) {
    ColumnType type = contract.column(column).orElseThrow().columnType();
    return type == ColumnType.STRING ? column + collation(column) : column + "::" + type.sqlType();
  }

  /** Text orders by code point, whatever the database's collation. */
  private String collation(String column) {
    boolean text =
        column.equals("lineage_source")
            || contract.column(column).map(c -> c.columnType() == ColumnType.STRING).orElse(false);
    return text ? " COLLATE \"C\"" : "";
  }

  private static String lineageColumn(String orderColumn) {
    return switch (orderColumn) {
      case DedupSpec.SOURCE -> "lineage_source";
      case DedupSpec.POSITION -> "lineage_position";
      default -> orderColumn;
    };
  }

  /** Children of the rows this merge put in silver are replaced whole. */
  String deleteChildren(ChildSpec child) {
    return "DELETE FROM silver."
        + child.table()
        + " c USING "
        + JUDGED
        + " s JOIN silver."
        + contract.table()
        + " t ON "
        + wonJoin()
        + " WHERE "
        + contract.key().stream()
            .map(k -> "c." + k + " = t." + k)
            .collect(Collectors.joining(" AND "));
  }

  String insertChildren(ChildSpec child) {
    String keys = contract.key().stream().map(k -> "t." + k).collect(Collectors.joining(", "));
    return "INSERT INTO silver."
        + child.table()
        + " ("
        + String.join(", ", contract.key())
        + ", "
        + child.column()
        + ") SELECT DISTINCT "
        + keys
        + ", v.value FROM "
        + JUDGED
        + " s JOIN silver."
        + contract.table()
        + " t ON "
        + wonJoin()
        + " CROSS JOIN jsonb_array_elements_text(s.children -> '"
        + child.table()
        + "') v ON CONFLICT DO NOTHING";
  }

  private String wonJoin() {
    String keys =
        contract.key().stream()
            .map(
                k ->
                    "t."
                        + k
                        + " = s."
                        + k
                        + "::"
                        + contract.column(k).orElseThrow().columnType().sqlType())
            .collect(Collectors.joining(" AND "));
    return keys
        + " AND t.lineage_source = s.lineage_source AND t.lineage_position = s.lineage_position"
        + " AND s."
        + VALID;
  }

  /** The raw text where bronze kept it, else the record's fields as a JSON object. */
  private static final String PAYLOAD =
      "coalesce(b.payload, jsonb_strip_nulls(to_jsonb(b) - ARRAY["
          + BronzeLayout.LINEAGE.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "))
          + "])::text)";

  /**
   * One row per rejected record with every distinct reason of its candidates (an unnested record
   * yields several), replayable when each reason is a missing parent; a rerun refreshes the row.
   */
  private String upsertQuarantine() {
    return "INSERT INTO quarantine.rejected_rows"
        + " (table_name, source, position, payload, reasons, replayable, run_id)"
        + " SELECT ?, r.lineage_source, r.lineage_position, "
        + PAYLOAD
        + ", r.reasons, r.replayable, ?"
        + " FROM (SELECT lineage_source, lineage_position, jsonb_agg(reason ORDER BY ord, reason::text) AS reasons,"
        + " bool_and(reason ->> 'code' = ANY(?)) AS replayable"
        + " FROM (SELECT lineage_source, lineage_position, e.reason, min(e.n) AS ord FROM "
        + JUDGED
        + " j CROSS JOIN jsonb_array_elements(j.reasons) WITH ORDINALITY AS e(reason, n)"
        + " GROUP BY lineage_source, lineage_position, e.reason) distinct_reasons"
        + " GROUP BY lineage_source, lineage_position) r"
        + " JOIN bronze."
        + contract.table()
        + " b ON b.source = r.lineage_source AND b.position = r.lineage_position"
        + " ON CONFLICT (table_name, source, position) DO UPDATE SET payload = EXCLUDED.payload,"
        + " reasons = EXCLUDED.reasons, replayable = EXCLUDED.replayable, run_id = EXCLUDED.run_id,"
        + " rejected_at = now(), resolved_run_id = NULL, resolved_at = NULL";
  }

  private static long queryLong(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
