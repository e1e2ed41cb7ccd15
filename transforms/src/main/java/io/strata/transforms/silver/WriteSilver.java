package io.strata.transforms.silver;

import io.strata.transforms.contract.ChildSpec;
import io.strata.transforms.contract.ColumnSpec;
import io.strata.transforms.contract.DedupSpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.BatchPerBundleFn;
import io.strata.transforms.jdbc.PgCopy;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.metrics.Count;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Upserts de-duplicated candidates into {@code silver.<table>}: COPY into a temporary table, then
 * one {@code INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE current <= incoming} in the same
 * transaction, so a row already in silver is replaced only by one that wins by the contract's order
 * (a rerun or a retried batch changes nothing). Child tables are replaced for the rows that won. A
 * row that loses to what silver holds is counted as superseded.
 */
public final class WriteSilver extends PTransform<PCollection<SilverCandidate>, PDone> {
  private final Warehouse warehouse;
  private final TableContract contract;
  private final String runId;
  private final int batchSize;

  private WriteSilver(Warehouse warehouse, TableContract contract, String runId, int batchSize) {
    this.warehouse = warehouse;
    this.contract = contract;
    this.runId = runId;
    this.batchSize = batchSize;
  }

  public static WriteSilver to(
      Warehouse warehouse, TableContract contract, String runId, int batchSize) {
    return new WriteSilver(warehouse, contract, runId, batchSize);
  }

  @Override
  public PDone expand(PCollection<SilverCandidate> winners) {
    // De-duplicated input holds each key once, so two concurrent batches never race for one silver
    // row.
    winners.apply(
        "COPY and upsert each bundle",
        ParDo.of(new UpsertFn(warehouse, contract, runId, batchSize)));
    return PDone.in(winners.getPipeline());
  }

  private static final class UpsertFn extends BatchPerBundleFn<SilverCandidate> {
    private final TableContract contract;
    private final String runId;
    private final Counter upserted;
    private final Counter superseded;

    UpsertFn(Warehouse warehouse, TableContract contract, String runId, int batchSize) {
      super(warehouse, batchSize);
      this.contract = contract;
      this.runId = runId;
      this.upserted = Count.SILVER_UPSERTED.counter(contract.table());
      this.superseded = Count.SUPERSEDED.counter(contract.table());
    }

    @Override
    protected void write(List<SilverCandidate> batch) throws SQLException {
      List<String> columns = contract.columns().stream().map(ColumnSpec::name).toList();
      List<Object[]> rows = new ArrayList<>();
      List<Object[]> childRows = new ArrayList<>();
      for (SilverCandidate c : batch) {
        Object[] row = new Object[columns.size() + 2];
        for (int i = 0; i < columns.size(); i++) {
          row[i] = c.value(columns.get(i));
        }
        row[columns.size()] = c.source;
        row[columns.size() + 1] = c.position;
        rows.add(row);
        for (ChildSpec child : contract.childrenOrEmpty()) {
          for (String value : c.children.getOrDefault(child.table(), List.of())) {
            Object[] childRow = new Object[contract.key().size() + 2];
            childRow[0] = child.table();
            for (int i = 0; i < contract.key().size(); i++) {
              childRow[i + 1] = c.value(contract.key().get(i));
            }
            childRow[childRow.length - 1] = value;
            childRows.add(childRow);
          }
        }
      }
      int changed;
      try (Connection c = connect()) {
        c.setAutoCommit(false);
        SilverSql sql = new SilverSql(contract);
        try (Statement s = c.createStatement()) {
          s.execute(sql.createStage());
          if (!contract.childrenOrEmpty().isEmpty()) {
            s.execute(sql.createChildStage());
          }
        }
        List<String> stageColumns = new ArrayList<>(columns);
        stageColumns.add("lineage_source");
        stageColumns.add("lineage_position");
        PgCopy.copy(c, "stage_silver", stageColumns, rows);
        try (PreparedStatement upsert =
            c.prepareStatement(sql.upsert(new CandidateOrder(contract).columns()))) {
          upsert.setString(1, runId);
          changed = upsert.executeUpdate();
        }
        if (!contract.childrenOrEmpty().isEmpty()) {
          List<String> childStage = new ArrayList<>();
          childStage.add("child_table");
          childStage.addAll(contract.key());
          childStage.add("value");
          PgCopy.copy(c, "stage_children", childStage, childRows);
          try (Statement s = c.createStatement()) {
            for (ChildSpec child : contract.childrenOrEmpty()) {
              s.execute(sql.deleteChildren(child));
              s.execute(sql.insertChildren(child));
            }
          }
        }
        c.commit();
      }
      upserted.inc(changed);
      superseded.inc(rows.size() - changed);
    }
  }

  /** The statements, built from validated identifiers only. */
  static final class SilverSql {
    private final TableContract contract;

    SilverSql(TableContract contract) {
      this.contract = contract;
    }

    String createStage() {
      String cols =
          contract.columns().stream()
              .map(c -> c.name() + " text")
              .collect(Collectors.joining(", "));
      return "CREATE TEMP TABLE stage_silver ("
          + cols
          + ", lineage_source text, lineage_position bigint) ON COMMIT DROP";
    }

    String createChildStage() {
      String keys = contract.key().stream().map(k -> k + " text").collect(Collectors.joining(", "));
      return "CREATE TEMP TABLE stage_children (child_table text, "
          + keys
          + ", value text) ON COMMIT DROP";
    }

    String upsert(List<String> order) {
      String table = "silver." + contract.table();
      String cols =
          contract.columns().stream().map(ColumnSpec::name).collect(Collectors.joining(", "));
      String casts =
          contract.columns().stream()
              .map(c -> c.name() + "::" + c.columnType().sqlType())
              .collect(Collectors.joining(", "));
      String updates =
          contract.columns().stream()
              .filter(c -> !contract.key().contains(c.name()))
              .map(c -> c.name() + " = EXCLUDED." + c.name())
              .collect(Collectors.joining(", "));
      String lineage =
          "lineage_source = EXCLUDED.lineage_source, lineage_position = EXCLUDED.lineage_position, lineage_run_id = EXCLUDED.lineage_run_id";
      String current =
          order.stream().map(o -> table + "." + column(o)).collect(Collectors.joining(", "));
      String incoming =
          order.stream().map(o -> "EXCLUDED." + column(o)).collect(Collectors.joining(", "));
      return "INSERT INTO "
          + table
          + " ("
          + cols
          + ", lineage_source, lineage_position, lineage_run_id)"
          + " SELECT "
          + casts
          + ", lineage_source, lineage_position, ? FROM stage_silver"
          + " ON CONFLICT ("
          + String.join(", ", contract.key())
          + ") DO UPDATE SET "
          + (updates.isEmpty() ? "" : updates + ", ")
          + lineage
          + " WHERE ("
          + current
          + ") <= ("
          + incoming
          + ")";
    }

    /** Children of the rows this batch put in silver are replaced whole. */
    String deleteChildren(ChildSpec child) {
      return "DELETE FROM silver."
          + child.table()
          + " c USING stage_silver s JOIN silver."
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
      String stageJoin =
          contract.key().stream()
              .map(k -> "sc." + k + " = s." + k)
              .collect(Collectors.joining(" AND "));
      return "INSERT INTO silver."
          + child.table()
          + " ("
          + String.join(", ", contract.key())
          + ", "
          + child.column()
          + ")"
          + " SELECT DISTINCT "
          + keys
          + ", sc.value FROM stage_children sc JOIN stage_silver s ON "
          + stageJoin
          + " JOIN silver."
          + contract.table()
          + " t ON "
          + wonJoin()
          + " WHERE sc.child_table = '"
          + child.table()
          + "' ON CONFLICT DO NOTHING";
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
          + " AND t.lineage_source = s.lineage_source AND t.lineage_position = s.lineage_position";
    }

    private static String column(String orderColumn) {
      return switch (orderColumn) {
        case DedupSpec.SOURCE -> "lineage_source";
        case DedupSpec.POSITION -> "lineage_position";
        default -> orderColumn;
      };
    }
  }
}
