package io.strata.transforms.bronze;

import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.Identifiers;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What silver has to process for one table: the bronze rows added since silver's watermark (up to a
 * bound fixed when the stage starts), plus the quarantined rows waiting for a missing parent, which
 * are re-checked on every run. The two sets never overlap. It is read slice by slice through a
 * cursor, so a reader holds a fetch of rows at a time, never the table.
 */
public final class PendingBronze implements Serializable {
  /** Bronze rows of one range of ids, or ({@code replay}) the quarantined rows to re-check. */
  public record Slice(long afterId, long upToId, boolean replay) implements Serializable {}

  private final BronzeLayout layout;
  private final String table;
  private final long afterId;
  private final long upToId;

  private PendingBronze(BronzeLayout layout, long afterId, long upToId) {
    this.layout = layout;
    this.table = Identifiers.check(layout.table(), "bronze table");
    this.afterId = afterId;
    this.upToId = upToId;
  }

  /**
   * Bronze rows with {@code afterId < bronze_id <= upToId}, and the replayable quarantined ones.
   */
  public static PendingBronze of(BronzeLayout layout, long afterId, long upToId) {
    return new PendingBronze(layout, afterId, upToId);
  }

  /**
   * The new rows' query; {@code count(*)} over the same text is the figure silver must reconcile
   * to.
   */
  public static String newRowsWhere(String table) {
    return "FROM bronze." + table + " b WHERE b.bronze_id > ? AND b.bronze_id <= ?";
  }

  public static String replayWhere(String table) {
    return "FROM bronze."
        + table
        + " b JOIN quarantine.rejected_rows q ON q.table_name = ? AND q.source = b.source"
        + " AND q.position = b.position WHERE q.resolved_run_id IS NULL AND q.replayable"
        + " AND NOT (b.bronze_id > ? AND b.bronze_id <= ?)";
  }

  /**
   * The new rows cut into {@code count} ranges of ids of about equal size, then the replay slice.
   */
  public List<Slice> slices(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    List<Slice> slices = new ArrayList<>();
    long span = upToId - afterId;
    long from = afterId;
    for (int i = 1; i <= count && from < upToId; i++) {
      long to = i == count ? upToId : afterId + Math.max(1, span * i / count);
      if (to > from) {
        slices.add(new Slice(from, to, false));
        from = to;
      }
    }
    slices.add(new Slice(afterId, upToId, true));
    return slices;
  }

  /** Streams one slice's rows to {@code sink}; {@code c} must not be in auto-commit. */
  public void read(Connection c, Slice slice, RecordSink sink) throws SQLException {
    String where = slice.replay() ? replayWhere(table) : newRowsWhere(table);
    List<String> fields = layout.columns();
    String columns =
        "SELECT b.source, b.position, b.payload, b.reject_code, b.reject_message"
            + fields.stream().map(f -> ", b." + f).collect(Collectors.joining())
            + " ";
    try (PreparedStatement q = c.prepareStatement(columns + where)) {
      int i = 1;
      if (slice.replay()) {
        q.setString(i++, table);
      }
      q.setLong(i++, slice.afterId());
      q.setLong(i, slice.upToId());
      q.setFetchSize(5_000); // a cursor: a fetch in memory at a time
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Map<String, String> values = new HashMap<>(2 * fields.size());
          for (int f = 0; f < fields.size(); f++) {
            String v = rs.getString(6 + f);
            if (v != null) {
              values.put(fields.get(f), v);
            }
          }
          sink.accept(
              new BronzeRecord(
                  table,
                  rs.getString(1),
                  rs.getLong(2),
                  values,
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5)));
        }
      }
    }
  }
}
