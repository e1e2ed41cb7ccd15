package io.strata.transforms.silver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.strata.transforms.contract.ColumnSpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.PgCopy;
import io.strata.transforms.quarantine.Reason;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code staging.silver_<table>}: every candidate of a silver run, valid or not, with its lineage,
 * its values as canonical text, its children and its reasons, until {@link MergeCandidates} decides
 * them set by set. UNLOGGED (it is rebuilt from bronze whenever it is lost) and without an index: a
 * slice the runner retries adds its rows again, identical, and the merge reads them as one.
 */
public final class StagingTable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StagingTable() {}

  /** The staging table of {@code contract}, qualified. */
  public static String name(TableContract contract) {
    return "staging.silver_" + contract.table();
  }

  /** Drops what an earlier, unfinished run left and creates the table empty. */
  public static void recreate(Connection c, TableContract contract) throws SQLException {
    String values =
        contract.columns().stream()
            .map(col -> col.name() + " text")
            .collect(Collectors.joining(", "));
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + name(contract));
      s.execute(
          "CREATE UNLOGGED TABLE "
              + name(contract)
              + " (lineage_source text NOT NULL, lineage_position bigint NOT NULL, "
              + values
              + ", children jsonb, reasons jsonb NOT NULL)");
    }
  }

  /** COPYs {@code candidates} in one statement. */
  static void copy(Connection c, TableContract contract, List<SilverCandidate> candidates)
      throws SQLException {
    List<ColumnSpec> values = contract.columns();
    boolean hasChildren = !contract.childrenOrEmpty().isEmpty();
    List<Object[]> rows = new ArrayList<>(candidates.size());
    for (SilverCandidate candidate : candidates) {
      Object[] row = new Object[values.size() + 4];
      row[0] = candidate.source;
      row[1] = candidate.position;
      for (int i = 0; i < values.size(); i++) {
        row[i + 2] = candidate.value(values.get(i).name());
      }
      row[values.size() + 2] = hasChildren ? json(candidate.children) : null;
      row[values.size() + 3] = reasons(candidate.reasons);
      rows.add(row);
    }
    List<String> columns = new ArrayList<>(List.of("lineage_source", "lineage_position"));
    values.stream().map(ColumnSpec::name).forEach(columns::add);
    columns.addAll(List.of("children", "reasons"));
    PgCopy.copy(c, name(contract), columns, rows);
  }

  private static String reasons(List<Reason> reasons) {
    if (reasons.isEmpty()) {
      return "[]";
    }
    ArrayNode array = JSON.createArrayNode();
    for (Reason r : reasons) {
      array.addObject().put("code", r.code).put("column", r.column).put("message", r.message);
    }
    return array.toString();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
