package io.strata.transforms.bronze;

import io.strata.transforms.contract.Identifiers;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.jdbc.WarehouseFn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads what silver has to process for one table: the bronze rows added since silver's watermark
 * (up to a bound fixed when the stage starts), plus the quarantined rows waiting for a missing
 * parent, which are re-checked on every run. The two sets never overlap.
 */
public final class ReadBronze extends PTransform<PBegin, PCollection<BronzeRecord>> {
  private final Warehouse warehouse;
  private final String table;
  private final long afterId;
  private final long upToId;
  private final int spread;

  private ReadBronze(Warehouse warehouse, String table, long afterId, long upToId, int spread) {
    this.warehouse = warehouse;
    this.table = Identifiers.check(table, "bronze table");
    this.afterId = afterId;
    this.upToId = upToId;
    this.spread = spread;
  }

  /**
   * Bronze rows with {@code afterId < bronze_id <= upToId}, and the replayable quarantined ones,
   * spread over {@code spread} buckets: as many as the runner has workers, and no more, because the
   * DirectRunner makes a bundle of each bucket and copies a downstream GroupByKey's state once per
   * bundle that reaches it (measured: 8 buckets on 2 cores made silver 25% slower than 2).
   */
  public static ReadBronze pending(
      Warehouse warehouse, String table, long afterId, long upToId, int spread) {
    if (spread < 1) {
      throw new IllegalArgumentException("spread must be at least 1");
    }
    return new ReadBronze(warehouse, table, afterId, upToId, spread);
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

  @Override
  public PCollection<BronzeRecord> expand(PBegin input) {
    return input
        .apply("Seed", Create.of(table))
        .apply("Query " + table, ParDo.of(new QueryFn(warehouse, table, afterId, upToId)))
        .apply("Spread", Reshuffle.<BronzeRecord>viaRandomKey().withNumBuckets(spread));
  }

  private static final class QueryFn extends WarehouseFn<String, BronzeRecord> {
    private static final String COLUMNS =
        "SELECT b.source, b.position, b.payload, b.record::text, b.reject_code, b.reject_message ";
    private final String table;
    private final long afterId;
    private final long upToId;

    QueryFn(Warehouse warehouse, String table, long afterId, long upToId) {
      super(warehouse);
      this.table = table;
      this.afterId = afterId;
      this.upToId = upToId;
    }

    @ProcessElement
    public void process(OutputReceiver<BronzeRecord> out) throws SQLException {
      try (Connection c = connect()) {
        c.setAutoCommit(false); // a cursor (fetch size) needs a transaction
        try (PreparedStatement q = c.prepareStatement(COLUMNS + newRowsWhere(table))) {
          q.setLong(1, afterId);
          q.setLong(2, upToId);
          emit(q, out);
        }
        try (PreparedStatement q = c.prepareStatement(COLUMNS + replayWhere(table))) {
          q.setString(1, table);
          q.setLong(2, afterId);
          q.setLong(3, upToId);
          emit(q, out);
        }
        c.commit();
      }
    }

    private void emit(PreparedStatement q, OutputReceiver<BronzeRecord> out) throws SQLException {
      q.setFetchSize(10_000);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.output(
              new BronzeRecord(
                  table,
                  rs.getString(1),
                  rs.getLong(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6)));
        }
      }
    }
  }
}
