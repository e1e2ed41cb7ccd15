package io.strata.transforms.bronze;

import io.strata.transforms.contract.Identifiers;
import io.strata.transforms.jdbc.ConnectionSource;
import io.strata.transforms.jdbc.PgCopy;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.jdbc.WarehouseFn;
import io.strata.transforms.metrics.Count;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Appends raw records to {@code bronze.<table>}, one transaction per bundle (at most {@code
 * batchSize} rows each), idempotently: re-reading the same input, or retrying a bundle, adds
 * nothing. Counts what was read, what was new and what was already there.
 *
 * <p>A write first tries a plain COPY into the table, the fast path for input bronze has not seen
 * (a first load, new files, new offsets). When any row's lineage is already there the unique key
 * aborts that COPY, and the batch is written again the safe way: COPY into a temporary table and
 * one {@code INSERT ... ON CONFLICT (source, position) DO NOTHING}, in one transaction.
 *
 * <p>No GroupByKey comes first: a file source emits a whole file per bundle, which is batch enough
 * for COPY, and nothing has to hold the whole input. {@link #forStream} is for an unbounded input
 * on a runner that checkpoints: the FlinkRunner finishes bundles before every checkpoint barrier,
 * so a completed checkpoint (and the Kafka offsets it commits) never runs ahead of bronze. Each of
 * its commits is also logged, in the same transaction, in {@code ops.bronze_commits} under the
 * stream's id: the exact counts a streaming window's ledger entry claims.
 */
public final class WriteBronze extends PTransform<PCollection<BronzeRecord>, PDone> {
  private static final List<String> TABLE_COLUMNS =
      List.of("source", "position", "payload", "record", "reject_code", "reject_message", "run_id");
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String DATA_EXCEPTION_CLASS = "22";

  private final Warehouse warehouse;
  private final String table;
  private final String runId;
  private final int batchSize;
  private final boolean logCommits;

  private WriteBronze(
      Warehouse warehouse, String table, String runId, int batchSize, boolean logCommits) {
    this.warehouse = warehouse;
    this.table = Identifiers.check(table, "bronze table");
    this.runId = runId;
    this.batchSize = batchSize;
    this.logCommits = logCommits;
  }

  /** For a bounded input: the run's counters carry the counts. */
  public static WriteBronze to(Warehouse warehouse, String table, String runId, int batchSize) {
    return new WriteBronze(warehouse, table, runId, batchSize, false);
  }

  /**
   * For an unbounded input: every commit is logged in {@code ops.bronze_commits} under {@code
   * streamId}, which is also the rows' run id.
   */
  public static WriteBronze forStream(
      Warehouse warehouse, String table, String streamId, int batchSize) {
    return new WriteBronze(warehouse, table, streamId, batchSize, true);
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  /**
   * This writer's batches, for a DoFn that reads and writes in the same call ({@link
   * io.strata.transforms.source.FileSource}): what it reads then never becomes a PCollection.
   */
  public Batches batches() {
    return new Batches(table, runId, batchSize, logCommits);
  }

  @Override
  public PDone expand(PCollection<BronzeRecord> input) {
    input.apply("COPY each bundle", ParDo.of(new WriteBundleFn(warehouse, batches())));
    return PDone.in(input.getPipeline());
  }

  /**
   * Batches of at most {@code batchSize} records, each written in one transaction, counted as read,
   * new and already present.
   */
  public static final class Batches implements Serializable {
    private final String table;
    private final String runId;
    private final int batchSize;
    private final boolean logCommits;
    private final Counter read;
    private final Counter added;
    private final Counter present;

    private Batches(String table, String runId, int batchSize, boolean logCommits) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be at least 1");
      }
      this.table = table;
      this.runId = runId;
      this.batchSize = batchSize;
      this.logCommits = logCommits;
      this.read = Count.ROWS_READ.counter(table);
      this.added = Count.BRONZE_NEW.counter(table);
      this.present = Count.BRONZE_ALREADY_PRESENT.counter(table);
    }

    /** A writer on {@code connections}; {@link Writer#flush} it before the bundle ends. */
    public Writer open(ConnectionSource connections) {
      return new Writer(this, connections);
    }
  }

  /** Takes records one by one and writes each full batch; {@link #flush} writes the rest. */
  public static final class Writer implements RecordSink {
    private final Batches batches;
    private final ConnectionSource connections;
    private List<BronzeRecord> pending = new ArrayList<>();

    private Writer(Batches batches, ConnectionSource connections) {
      this.batches = batches;
      this.connections = connections;
    }

    @Override
    public void accept(BronzeRecord record) throws SQLException {
      pending.add(record);
      if (pending.size() >= batches.batchSize) {
        flush();
      }
    }

    public void flush() throws SQLException {
      if (pending.isEmpty()) {
        return;
      }
      int inserted = write(connections, batches.table, batches.runId, pending, batches.logCommits);
      batches.read.inc(pending.size());
      batches.added.inc(inserted);
      batches.present.inc(pending.size() - inserted);
      pending = new ArrayList<>();
    }
  }

  /**
   * Writes one batch in one transaction (with its commit log row when asked); returns the rows that
   * were new. No record's content fails the load: when PostgreSQL refuses one as parsed (a data
   * exception), those records are found and written as unreadable, reason and raw text kept, and
   * the batch is written again.
   */
  private static int write(
      ConnectionSource warehouse,
      String table,
      String runId,
      List<BronzeRecord> batch,
      boolean logCommit)
      throws SQLException {
    try (Connection c = warehouse.connect()) {
      c.setAutoCommit(false);
      try {
        return commit(c, table, runId, batch, logCommit);
      } catch (SQLException e) {
        c.rollback();
        if (!isDataException(e)) {
          throw e;
        }
      }
      return commit(c, table, runId, storable(c, batch, runId), logCommit);
    }
  }

  /** COPY straight into bronze; when a lineage is already there, the merge instead. */
  private static int commit(
      Connection c, String table, String runId, List<BronzeRecord> batch, boolean logCommit)
      throws SQLException {
    List<Object[]> rows = rows(batch, runId);
    try {
      PgCopy.copy(c, "bronze." + table, TABLE_COLUMNS, rows);
      logCommit(c, table, runId, batch.size(), batch.size(), logCommit);
      c.commit();
      return batch.size();
    } catch (SQLException e) {
      c.rollback();
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
    int inserted = merge(c, table, rows);
    logCommit(c, table, runId, batch.size(), inserted, logCommit);
    c.commit();
    return inserted;
  }

  /**
   * The batch with every record PostgreSQL refuses made unreadable ({@code row.parse_error}, the
   * server's words as the message). Found by halving: COPY a part into a scratch table under a
   * savepoint, and split the parts that fail, so k bad records in n cost about k log n COPYs.
   */
  private static List<BronzeRecord> storable(Connection c, List<BronzeRecord> batch, String runId)
      throws SQLException {
    createStage(c, "check_bronze");
    Map<Integer, String> refused = new TreeMap<>();
    refused(c, rows(batch, runId), 0, batch.size(), refused);
    c.rollback();
    List<BronzeRecord> out = new ArrayList<>(batch);
    refused.forEach(
        (i, why) -> {
          BronzeRecord r = batch.get(i);
          out.set(
              i,
              BronzeRecord.unreadable(
                  r.tableName,
                  r.source,
                  r.position,
                  r.payload,
                  RecordCodes.PARSE_ERROR,
                  "PostgreSQL cannot store the record as parsed: " + why));
        });
    return out;
  }

  private static void refused(
      Connection c, List<Object[]> rows, int from, int to, Map<Integer, String> refused)
      throws SQLException {
    Savepoint part = c.setSavepoint();
    try {
      PgCopy.copy(c, "check_bronze", TABLE_COLUMNS, rows.subList(from, to));
      c.releaseSavepoint(part);
    } catch (SQLException e) {
      c.rollback(part);
      if (!isDataException(e)) {
        throw e;
      }
      if (to - from == 1) {
        refused.put(from, PgCopy.serverMessage(e));
        return;
      }
      int middle = (from + to) >>> 1;
      refused(c, rows, from, middle, refused);
      refused(c, rows, middle, to, refused);
    }
  }

  /** SQLSTATE class 22: the data itself, not the connection or the schema. */
  private static boolean isDataException(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith(DATA_EXCEPTION_CLASS);
  }

  private static List<Object[]> rows(List<BronzeRecord> batch, String runId) {
    List<Object[]> rows = new ArrayList<>(batch.size());
    for (BronzeRecord r : batch) {
      rows.add(
          new Object[] {
            r.source, r.position, r.payload, r.record, r.rejectCode, r.rejectMessage, runId
          });
    }
    return rows;
  }

  /** COPY into a temporary table, then add only the rows whose lineage is new. */
  private static int merge(Connection c, String table, List<Object[]> rows) throws SQLException {
    createStage(c, "stage_bronze");
    PgCopy.copy(c, "stage_bronze", TABLE_COLUMNS, rows);
    try (Statement merge = c.createStatement()) {
      return merge.executeUpdate(
          "INSERT INTO bronze."
              + table
              + " ("
              + String.join(", ", TABLE_COLUMNS)
              + ")"
              + " SELECT "
              + String.join(", ", TABLE_COLUMNS)
              + " FROM stage_bronze"
              + " ORDER BY source, position ON CONFLICT (source, position) DO NOTHING");
    }
  }

  /** A temporary table of bronze's columns, gone at the end of the transaction. */
  private static void createStage(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE "
              + name
              + " (source text, position bigint, payload text, record jsonb,"
              + " reject_code text, reject_message text, run_id text) ON COMMIT DROP");
    }
  }

  private static void logCommit(
      Connection c, String table, String streamId, int read, int inserted, boolean logCommit)
      throws SQLException {
    if (!logCommit) {
      return;
    }
    try (PreparedStatement log =
        c.prepareStatement(
            "INSERT INTO ops.bronze_commits (stream_id, table_name, rows_read, bronze_new, bronze_already_present)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      log.setString(1, streamId);
      log.setString(2, table);
      log.setLong(3, read);
      log.setLong(4, inserted);
      log.setLong(5, read - (long) inserted);
      log.executeUpdate();
    }
  }

  /** One writer per bundle: a file, a partition's range or a page arrives as one. */
  private static final class WriteBundleFn extends WarehouseFn<BronzeRecord, Void> {
    private final Batches batches;
    private transient Writer writer;

    WriteBundleFn(Warehouse warehouse, Batches batches) {
      super(warehouse);
      this.batches = batches;
    }

    @StartBundle
    public void startBundle() {
      writer = batches.open(connections());
    }

    @ProcessElement
    public void process(@Element BronzeRecord record) throws SQLException {
      writer.accept(record);
    }

    @FinishBundle
    public void finishBundle() throws SQLException {
      writer.flush();
    }
  }
}
