package io.strata.pipelines.ledger;

import io.strata.transforms.contract.ColumnType;
import io.strata.transforms.contract.SourceSpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The pages of an HTTP source that a run had to reject whole (a body still not JSON after the
 * retries: kept in bronze and quarantine with its raw text), each named with what it would have
 * held: by the contract's first date column, the dates after the page before it and before the page
 * after it. Without this, the missing days only show later, as orders taking an older rate.
 */
public final class RejectedPages {
  /** The position bronze gives a page rejected whole (its records have positions from 0). */
  private static final long WHOLE_PAGE = -1;

  private RejectedPages() {}

  /** One line per page of {@code contract} that run {@code runId} rejected whole. */
  public static List<String> describe(Warehouse w, TableContract contract, String runId)
      throws SQLException {
    if (!SourceSpec.HTTP_JSON.equals(contract.source().kind())) {
      return List.of();
    }
    String table = "bronze." + contract.table();
    Optional<String> dateColumn =
        contract.columns().stream()
            .filter(c -> c.columnType() == ColumnType.DATE)
            .map(c -> c.name())
            .findFirst();
    List<String> lines = new ArrayList<>();
    try (Connection c = w.connect();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT source, reject_message FROM "
                    + table
                    + " WHERE run_id = ? AND position = ? AND reject_code IS NOT NULL ORDER BY source")) {
      q.setString(1, runId);
      q.setLong(2, WHOLE_PAGE);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String page = rs.getString(1);
          String line =
              contract.table() + ": page " + page + " rejected whole (" + rs.getString(2) + ")";
          if (dateColumn.isPresent()) {
            line += span(c, table, dateColumn.get(), page, contract.source().pageParamOrDefault());
          }
          lines.add(line);
        }
      }
    }
    return lines;
  }

  /** "; it would have held <column> after X and before Y", from the neighbouring pages' rows. */
  private static String span(
      Connection c, String table, String column, String page, String pageParam)
      throws SQLException {
    Matcher m = Pattern.compile("([?&]" + Pattern.quote(pageParam) + "=)(\\d+)").matcher(page);
    if (!m.find()) {
      return "";
    }
    int n = Integer.parseInt(m.group(2));
    String after = bound(c, "max", table, column, m.replaceFirst("$1" + (n - 1)));
    String before = bound(c, "min", table, column, m.replaceFirst("$1" + (n + 1)));
    if (after == null && before == null) {
      return "";
    }
    return "; it would have held "
        + column
        + (after == null ? "" : " after " + after)
        + (after != null && before != null ? " and" : "")
        + (before == null ? "" : " before " + before);
  }

  private static @Nullable String bound(
      Connection c, String aggregate, String table, String column, String source)
      throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT "
                + aggregate
                + "("
                + column
                + ") FROM "
                + table
                + " WHERE source = ? AND reject_code IS NULL")) {
      q.setString(1, source);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
