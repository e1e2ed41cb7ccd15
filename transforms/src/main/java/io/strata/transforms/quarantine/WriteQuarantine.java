package io.strata.transforms.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.strata.transforms.contract.ForeignKeySpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.PgCopy;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.jdbc.WarehouseFn;
import io.strata.transforms.metrics.Count;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes rejected records to {@code quarantine.rejected_rows}, one row per input record (reasons of
 * rejections of the same record merged), keyed by (table, source, position): a rerun refreshes the
 * row and reopens it, never adds a second. A row whose every reason is a missing parent is marked
 * replayable, to be re-checked on later runs.
 */
public final class WriteQuarantine extends PTransform<PCollection<RejectedRecord>, PDone> {
  /** Records are grouped into a few shards (not one group per record: see DeduplicateByKey). */
  private static final int SHARDS = 8;

  private final Warehouse warehouse;
  private final TableContract contract;
  private final String runId;
  private final int batchSize;

  private WriteQuarantine(
      Warehouse warehouse, TableContract contract, String runId, int batchSize) {
    this.warehouse = warehouse;
    this.contract = contract;
    this.runId = runId;
    this.batchSize = batchSize;
  }

  public static WriteQuarantine to(
      Warehouse warehouse, TableContract contract, String runId, int batchSize) {
    return new WriteQuarantine(warehouse, contract, runId, batchSize);
  }

  @Override
  public PDone expand(PCollection<RejectedRecord> rejected) {
    List<String> parentCodes =
        contract.foreignKeysOrEmpty().stream().map(ForeignKeySpec::reasonCode).toList();
    rejected
        .apply(
            "Shard by record",
            WithKeys.of((RejectedRecord r) -> Math.floorMod(r.lineage().hashCode(), SHARDS))
                .withKeyType(TypeDescriptors.integers()))
        .apply("Group shard", GroupByKey.create())
        .apply(
            "Merge and upsert",
            ParDo.of(new UpsertFn(warehouse, contract.table(), runId, parentCodes, batchSize)));
    return PDone.in(rejected.getPipeline());
  }

  /**
   * Merges the rejections of each record (an unnested record yields several) into one row with
   * every reason, then writes the shard in batches: COPY into a temporary table and one upsert.
   */
  private static final class UpsertFn
      extends WarehouseFn<KV<Integer, Iterable<RejectedRecord>>, Void> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String table;
    private final String runId;
    private final List<String> parentCodes;
    private final int batchSize;
    private final Counter processed;
    private final Counter quarantined;

    UpsertFn(
        Warehouse warehouse, String table, String runId, List<String> parentCodes, int batchSize) {
      super(warehouse);
      this.table = table;
      this.runId = runId;
      this.parentCodes = parentCodes;
      this.batchSize = batchSize;
      this.processed = Count.SILVER_PROCESSED.counter(table);
      this.quarantined = Count.QUARANTINED.counter(table);
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<RejectedRecord>> shard) throws SQLException {
      Map<String, RejectedRecord> records = new LinkedHashMap<>();
      for (RejectedRecord r : shard.getValue()) {
        records.merge(r.lineage(), r, RejectedRecord::withReasonsOf);
      }
      processed.inc(records.size());
      List<RejectedRecord> batch = new ArrayList<>();
      for (RejectedRecord c : records.values()) {
        batch.add(c);
        if (batch.size() == batchSize) {
          write(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        write(batch);
      }
    }

    private void write(List<RejectedRecord> batch) throws SQLException {
      List<Object[]> rows = new ArrayList<>();
      for (RejectedRecord c : batch) {
        ArrayNode reasons = JSON.createArrayNode();
        boolean replayable = true;
        for (Reason r : c.reasons) {
          reasons.addObject().put("code", r.code).put("column", r.column).put("message", r.message);
          replayable &= parentCodes.contains(r.code);
        }
        rows.add(new Object[] {c.source, c.position, c.payload, reasons.toString(), replayable});
      }
      try (Connection c = connect()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute(
              "CREATE TEMP TABLE stage_rejected (source text, position bigint, payload text, reasons jsonb, replayable boolean) ON COMMIT DROP");
        }
        PgCopy.copy(
            c,
            "stage_rejected",
            List.of("source", "position", "payload", "reasons", "replayable"),
            rows);
        try (PreparedStatement upsert =
            c.prepareStatement(
                "INSERT INTO quarantine.rejected_rows (table_name, source, position, payload, reasons, replayable, run_id)"
                    + " SELECT ?, source, position, payload, reasons, replayable, ? FROM stage_rejected"
                    + " ON CONFLICT (table_name, source, position) DO UPDATE SET payload = EXCLUDED.payload,"
                    + " reasons = EXCLUDED.reasons, replayable = EXCLUDED.replayable, run_id = EXCLUDED.run_id,"
                    + " rejected_at = now(), resolved_run_id = NULL, resolved_at = NULL")) {
          upsert.setString(1, table);
          upsert.setString(2, runId);
          upsert.executeUpdate();
        }
        c.commit();
      }
      quarantined.inc(rows.size());
    }
  }
}
