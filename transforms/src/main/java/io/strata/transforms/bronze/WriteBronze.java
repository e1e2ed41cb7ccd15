package io.strata.transforms.bronze;

import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.Identifiers;
import io.strata.transforms.jdbc.ConnectionSource;
import io.strata.transforms.jdbc.LostConnection;
import io.strata.transforms.jdbc.PgCopy;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.jdbc.WarehouseFn;
import io.strata.transforms.metrics.Count;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Appends records to {@code bronze.<table>} ({@link BronzeLayout}), one transaction per batch of at
 * most {@code batchSize} rows, idempotently: re-reading the same input, or retrying a bundle, adds
 * nothing. Counts what was read, what was new and what was already there.
 *
 * <p>Idempotency is bookkept by range, not by a unique index on every row (which cost more than the
 * rows themselves): each batch records in {@code ops.bronze_ranges}, in the same transaction as its
 * rows, every run of consecutive positions it wrote of each source, and a record whose position
 * lies in a range already recorded for its source is already present. A range only ever holds
 * positions that were written, whatever order records arrive in; input without gaps in its
 * positions (lines, offsets, page indexes) takes one range per source and batch, and a gap (a
 * record spanning lines, a blank line) costs one more. An advisory lock per source keeps two
 * writers of one source apart.
 *
 * <p>No GroupByKey comes first: a file source emits a whole file per bundle, which is batch enough
 * for COPY, and nothing has to hold the whole input. {@link #forStream} is for an unbounded input
 * on a runner that checkpoints: the FlinkRunner finishes bundles before every checkpoint barrier,
 * so a completed checkpoint (and the Kafka offsets it commits) never runs ahead of bronze. Each of
 * its commits is also logged, in the same transaction, in {@code ops.bronze_commits} under the
 * stream's id: the exact counts a streaming window's ledger entry claims.
 */
public final class WriteBronze extends PTransform<PCollection<BronzeRecord>, PDone> {
  private static final List<String> LINEAGE_COLUMNS =
      List.of("source", "position", "run_id", "payload", "reject_code", "reject_message");
  private static final List<String> RANGE_COLUMNS =
      List.of("table_name", "source", "first_position", "last_position", "run_id");
  private static final String DATA_EXCEPTION_CLASS = "22";

  private final Warehouse warehouse;
  private final BronzeLayout layout;
  private final String runId;
  private final int batchSize;
  private final boolean logCommits;

  private WriteBronze(
      Warehouse warehouse, BronzeLayout layout, String runId, int batchSize, boolean logCommits) {
    Identifiers.check(layout.table(), "bronze table");
    this.warehouse = warehouse;
    this.layout = layout;
    this.runId = runId;
    this.batchSize = batchSize;
    this.logCommits = logCommits;
  }

  /** For a bounded input: the run's counters carry the counts. */
  public static WriteBronze to(
      Warehouse warehouse, BronzeLayout layout, String runId, int batchSize) {
    return new WriteBronze(warehouse, layout, runId, batchSize, false);
  }

  /**
   * For an unbounded input: every commit is logged in {@code ops.bronze_commits} under {@code
   * streamId}, which is also the rows' run id.
   */
  public static WriteBronze forStream(
      Warehouse warehouse, BronzeLayout layout, String streamId, int batchSize) {
    return new WriteBronze(warehouse, layout, streamId, batchSize, true);
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  /**
   * This writer's batches, for a DoFn that reads and writes in the same call ({@link
   * io.strata.transforms.source.FileSource}): what it reads then never becomes a PCollection.
   */
  public Batches batches() {
    return new Batches(layout, runId, batchSize, logCommits);
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
    private final BronzeLayout layout;
    private final String runId;
    private final int batchSize;
    private final boolean logCommits;
    private final Counter read;
    private final Counter added;
    private final Counter present;

    private Batches(BronzeLayout layout, String runId, int batchSize, boolean logCommits) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be at least 1");
      }
      this.layout = layout;
      this.runId = runId;
      this.batchSize = batchSize;
      this.logCommits = logCommits;
      this.read = Count.ROWS_READ.counter(layout.table());
      this.added = Count.BRONZE_NEW.counter(layout.table());
      this.present = Count.BRONZE_ALREADY_PRESENT.counter(layout.table());
    }

    /** The table's fields, which a reader fills. */
    public BronzeLayout layout() {
      return layout;
    }

    /** A writer on {@code connections}; {@link Writer#flush} it before the bundle ends. */
    public Writer open(ConnectionSource connections) {
      return new Writer(this, connections);
    }

    private List<String> columns() {
      List<String> columns = new ArrayList<>(LINEAGE_COLUMNS);
      columns.addAll(layout.columns());
      return columns;
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
      int inserted = write(connections, batches, pending);
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
  private static int write(ConnectionSource warehouse, Batches batches, List<BronzeRecord> batch)
      throws SQLException {
    try {
      return writeOnce(warehouse, batches, batch);
    } catch (SQLException e) {
      throw LostConnection.naming(e, "bronze." + batches.layout.table());
    }
  }

  private static int writeOnce(
      ConnectionSource warehouse, Batches batches, List<BronzeRecord> batch) throws SQLException {
    try (Connection c = warehouse.connect()) {
      c.setAutoCommit(false);
      try {
        return commit(c, batches, batch);
      } catch (SQLException e) {
        c.rollback();
        if (!isDataException(e)) {
          throw e;
        }
      }
      return commit(c, batches, storable(c, batches, batch));
    }
  }

  /** The records whose lineage is new, COPYed with the ranges they cover, then the commit. */
  private static int commit(Connection c, Batches batches, List<BronzeRecord> batch)
      throws SQLException {
    String table = batches.layout.table();
    Map<String, List<BronzeRecord>> bySource = new TreeMap<>(); // sorted: locks in one order
    for (BronzeRecord r : batch) {
      bySource.computeIfAbsent(r.source, s -> new ArrayList<>()).add(r);
    }
    lockSources(c, table, bySource.keySet());
    List<BronzeRecord> fresh = new ArrayList<>(batch.size());
    List<Object[]> ranges = new ArrayList<>();
    for (Map.Entry<String, List<BronzeRecord>> e : bySource.entrySet()) {
      List<BronzeRecord> records = e.getValue();
      records.sort(Comparator.comparingLong(r -> r.position));
      List<long[]> loaded =
          loadedRanges(
              c,
              table,
              e.getKey(),
              records.get(0).position,
              records.get(records.size() - 1).position);
      long[] run = null;
      for (BronzeRecord r : records) {
        if (covers(loaded, r.position) || (run != null && run[1] == r.position)) {
          run = closeRun(ranges, table, e.getKey(), batches.runId, run);
          continue; // already in bronze, or twice in this batch
        }
        if (run != null && run[1] + 1 != r.position) {
          run = closeRun(ranges, table, e.getKey(), batches.runId, run);
        }
        fresh.add(r);
        if (run == null) {
          run = new long[] {r.position, r.position};
        }
        run[1] = r.position;
      }
      closeRun(ranges, table, e.getKey(), batches.runId, run);
    }
    PgCopy.copy(c, "bronze." + table, batches.columns(), rows(fresh, batches));
    PgCopy.copy(c, "ops.bronze_ranges", RANGE_COLUMNS, ranges);
    logCommit(c, table, batches.runId, batch.size(), fresh.size(), batches.logCommits);
    c.commit();
    return fresh.size();
  }

  private static long @Nullable [] closeRun(
      List<Object[]> ranges, String table, String source, String runId, long @Nullable [] run) {
    if (run != null) {
      ranges.add(new Object[] {table, source, run[0], run[1], runId});
    }
    return null;
  }

  /** Serialises writers of the same sources until the transaction ends. */
  private static void lockSources(Connection c, String table, Set<String> sources)
      throws SQLException {
    try (PreparedStatement lock =
        c.prepareStatement(
            "SELECT count(pg_advisory_xact_lock(hashtextextended(? || '/' || s, 0)))"
                + " FROM (SELECT s FROM unnest(?::text[]) s ORDER BY s) sorted")) {
      lock.setString(1, table);
      lock.setArray(2, c.createArrayOf("text", sources.toArray()));
      lock.executeQuery().close();
    }
  }

  /** The ranges already written of {@code source} that meet {@code [first, last]}. */
  private static List<long[]> loadedRanges(
      Connection c, String table, String source, long first, long last) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT first_position, last_position FROM ops.bronze_ranges"
                + " WHERE table_name = ? AND source = ? AND first_position <= ? AND last_position >= ?")) {
      q.setString(1, table);
      q.setString(2, source);
      q.setLong(3, last);
      q.setLong(4, first);
      List<long[]> ranges = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          ranges.add(new long[] {rs.getLong(1), rs.getLong(2)});
        }
      }
      return ranges;
    }
  }

  private static boolean covers(List<long[]> ranges, long position) {
    for (long[] r : ranges) {
      if (r[0] <= position && position <= r[1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * The batch with every record PostgreSQL refuses made unreadable ({@code row.parse_error}, the
   * server's words as the message). Found by halving: COPY a part into a scratch table under a
   * savepoint, and split the parts that fail, so k bad records in n cost about k log n COPYs.
   */
  private static List<BronzeRecord> storable(
      Connection c, Batches batches, List<BronzeRecord> batch) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE check_bronze ON COMMIT DROP AS SELECT "
              + String.join(", ", batches.columns())
              + " FROM bronze."
              + batches.layout.table()
              + " WITH NO DATA");
    }
    Map<Integer, String> refused = new TreeMap<>();
    refused(c, batches.columns(), rows(batch, batches), 0, batch.size(), refused);
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
                  r.text(),
                  RecordCodes.PARSE_ERROR,
                  "PostgreSQL cannot store the record as parsed: " + why));
        });
    return out;
  }

  private static void refused(
      Connection c,
      List<String> columns,
      List<Object[]> rows,
      int from,
      int to,
      Map<Integer, String> refused)
      throws SQLException {
    Savepoint part = c.setSavepoint();
    try {
      PgCopy.copy(c, "check_bronze", columns, rows.subList(from, to));
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
      refused(c, columns, rows, from, middle, refused);
      refused(c, columns, rows, middle, to, refused);
    }
  }

  /** SQLSTATE class 22: the data itself, not the connection or the schema. */
  private static boolean isDataException(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith(DATA_EXCEPTION_CLASS);
  }

  private static List<Object[]> rows(List<BronzeRecord> batch, Batches batches) {
    List<String> fields = batches.layout.columns();
    List<Object[]> rows = new ArrayList<>(batch.size());
    for (BronzeRecord r : batch) {
      Object[] row = new Object[LINEAGE_COLUMNS.size() + fields.size()];
      row[0] = r.source;
      row[1] = r.position;
      row[2] = batches.runId;
      row[3] = r.payload;
      row[4] = r.rejectCode;
      row[5] = r.rejectMessage;
      for (int i = 0; i < fields.size(); i++) {
        row[LINEAGE_COLUMNS.size() + i] = r.values.get(fields.get(i));
      }
      rows.add(row);
    }
    return rows;
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
