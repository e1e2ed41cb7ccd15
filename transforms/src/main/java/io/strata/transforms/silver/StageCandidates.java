package io.strata.transforms.silver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.strata.transforms.contract.ColumnSpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.BatchPerBundleFn;
import io.strata.transforms.jdbc.PgCopy;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.quarantine.Reason;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * COPYs every candidate, valid or not, into {@code staging.silver_<table>}: its lineage, its values
 * as canonical text, its children and its reasons. What happens to them is decided afterwards, set
 * by set, by {@link MergeCandidates}. The table is UNLOGGED (it is rebuilt from bronze whenever it
 * is lost) and has no index: a bundle the runner retries adds its rows again, identical, and the
 * merge reads them as one.
 */
public final class StageCandidates extends PTransform<PCollection<SilverCandidate>, PDone> {
  private final Warehouse warehouse;
  private final TableContract contract;
  private final int batchSize;

  private StageCandidates(Warehouse warehouse, TableContract contract, int batchSize) {
    this.warehouse = warehouse;
    this.contract = contract;
    this.batchSize = batchSize;
  }

  public static StageCandidates to(Warehouse warehouse, TableContract contract, int batchSize) {
    return new StageCandidates(warehouse, contract, batchSize);
  }

  /** The staging table of {@code contract}, qualified. */
  public static String table(TableContract contract) {
    return "staging.silver_" + contract.table();
  }

  /** Drops what an earlier, unfinished run left and creates the table empty. */
  public static void recreate(Connection c, TableContract contract) throws SQLException {
    String values =
        contract.columns().stream()
            .map(col -> col.name() + " text")
            .collect(Collectors.joining(", "));
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table(contract));
      s.execute(
          "CREATE UNLOGGED TABLE "
              + table(contract)
              + " (lineage_source text NOT NULL, lineage_position bigint NOT NULL, "
              + values
              + ", children jsonb, reasons jsonb NOT NULL)");
    }
  }

  static List<String> columns(TableContract contract) {
    List<String> columns = new ArrayList<>(List.of("lineage_source", "lineage_position"));
    contract.columns().stream().map(ColumnSpec::name).forEach(columns::add);
    columns.addAll(List.of("children", "reasons"));
    return columns;
  }

  @Override
  public PDone expand(PCollection<SilverCandidate> candidates) {
    candidates.apply("COPY each bundle", ParDo.of(new CopyFn(warehouse, contract, batchSize)));
    return PDone.in(candidates.getPipeline());
  }

  private static final class CopyFn extends BatchPerBundleFn<SilverCandidate> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TableContract contract;

    CopyFn(Warehouse warehouse, TableContract contract, int batchSize) {
      super(warehouse, batchSize);
      this.contract = contract;
    }

    @Override
    protected void write(List<SilverCandidate> batch) throws SQLException {
      List<ColumnSpec> values = contract.columns();
      boolean hasChildren = !contract.childrenOrEmpty().isEmpty();
      List<Object[]> rows = new ArrayList<>(batch.size());
      for (SilverCandidate c : batch) {
        Object[] row = new Object[values.size() + 4];
        row[0] = c.source;
        row[1] = c.position;
        for (int i = 0; i < values.size(); i++) {
          row[i + 2] = c.value(values.get(i).name());
        }
        row[values.size() + 2] = hasChildren ? json(c.children) : null;
        row[values.size() + 3] = reasons(c.reasons);
        rows.add(row);
      }
      try (Connection c = connect()) {
        PgCopy.copy(c, table(contract), columns(contract), rows);
      }
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
}
