package io.strata.pipelines.stages;

import io.strata.pipelines.ledger.Figure;
import io.strata.pipelines.ledger.TableCounts;
import io.strata.pipelines.runner.FlinkSetup;
import io.strata.transforms.bronze.WriteBronze;
import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.source.KafkaSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.joda.time.Duration;

/**
 * Bronze for the Kafka sources of a stream on a runner that checkpoints: one unbounded job reads
 * every Kafka table from the consumer group's offsets and writes bronze bundle by bundle, while the
 * run's windows refresh silver and gold. Offsets are committed as checkpoints complete, after the
 * rows before them are in bronze; a crashed worker restarts from the last checkpoint and re-writes
 * what came after it, which bronze's unique (source, position) turns into no-ops. Each write logs
 * its counts in {@code ops.bronze_commits}, and each window claims the ones logged since the last.
 */
public final class ContinuousBronze implements AutoCloseable {
  private static final Duration CANCEL_TIMEOUT = Duration.standardSeconds(60);

  private final PipelineResult job;
  private final Warehouse warehouse;
  private final String streamId;
  private final List<String> tables;

  private ContinuousBronze(
      PipelineResult job, Warehouse warehouse, String streamId, List<String> tables) {
    this.job = job;
    this.warehouse = warehouse;
    this.streamId = streamId;
    this.tables = tables;
  }

  /**
   * Cancels the continuous jobs of this warehouse's earlier streams still running on the cluster:
   * their driver died without stopping them (the caller holds the warehouse's run lock, so none of
   * those streams is alive). Returns the cancelled jobs' names.
   */
  public static List<String> cancelLeftovers(Warehouse warehouse, PipelineOptions options)
      throws SQLException {
    Set<String> names = new HashSet<>();
    try (Connection c = warehouse.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT DISTINCT stream_id FROM ops.runs WHERE stream_id IS NOT NULL");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        names.add(jobName(rs.getString(1)));
      }
    }
    return FlinkSetup.cancelJobs(options, names);
  }

  private static String jobName(String streamId) {
    return "strata-stream-" + streamId.toLowerCase(Locale.ROOT);
  }

  /** Submits the job for {@code kafkaTables}; it runs until {@link #close()}. */
  public static ContinuousBronze start(
      StageContext ctx, List<TableContract> kafkaTables, String streamId) {
    if (ctx.kafka() == null) {
      throw new IllegalArgumentException(
          "streaming needs --kafkaBootstrapServers or the embedded broker");
    }
    Pipeline p = Pipeline.create(ctx.config().stageOptions().stream(jobName(streamId)));
    for (TableContract c : kafkaTables) {
      p.apply(
              "Follow " + c.table(),
              KafkaSource.follow(
                  BronzeLayout.of(c), c.source().topic(), ctx.kafka(), ctx.kafkaGroupId()))
          .apply(
              "Write bronze." + c.table(),
              WriteBronze.forStream(
                  ctx.warehouse(), BronzeLayout.of(c), streamId, ctx.batchSize()));
    }
    // Submitted detached: run() returns once the job is on the cluster.
    PipelineResult job = p.run();
    return new ContinuousBronze(
        job, ctx.warehouse(), streamId, kafkaTables.stream().map(TableContract::table).toList());
  }

  /**
   * Fails when the job has ended: it only ends by {@link #close()}. A job restarting after a crash
   * is still running.
   */
  public void checkRunning() {
    PipelineResult.State state = job.getState();
    if (state.isTerminal()) {
      throw new IllegalStateException(
          "the continuous bronze job of stream "
              + streamId
              + " ended "
              + state
              + "; its last checkpoint's offsets are committed, so a new run resumes there");
    }
  }

  /**
   * The bronze side of window {@code runId}'s ledger entry: the commits logged since the last
   * window, claimed in one statement so that a commit counts in exactly one window. Commits an
   * earlier stream logged after its last window (its driver died) are claimed too: this run holds
   * the warehouse, so that stream is over.
   */
  public List<TableCounts> claim(String runId) throws SQLException {
    Map<String, long[]> sums = new LinkedHashMap<>();
    tables.forEach(t -> sums.put(t, new long[3]));
    try (Connection c = warehouse.connect();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE ops.bronze_commits SET window_run_id = ? WHERE window_run_id IS NULL"
                    + " RETURNING table_name, rows_read, bronze_new, bronze_already_present")) {
      s.setString(1, runId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long[] sum = sums.computeIfAbsent(rs.getString(1), t -> new long[3]);
          for (int i = 0; i < 3; i++) {
            sum[i] += rs.getLong(i + 2);
          }
        }
      }
    }
    return sums.entrySet().stream()
        .map(
            e ->
                TableCounts.of(e.getKey())
                    .with(Figure.ROWS_READ, e.getValue()[0])
                    .with(Figure.BRONZE_NEW, e.getValue()[1])
                    .with(Figure.BRONZE_ALREADY_PRESENT, e.getValue()[2]))
        .toList();
  }

  /**
   * Cancels the job. A bundle cut off is a transaction never committed, and offsets past the last
   * checkpoint were never committed: the next run reads them again, into no-ops where they landed.
   */
  @Override
  public void close() throws IOException {
    if (!job.getState().isTerminal()) {
      job.cancel();
      job.waitUntilFinish(CANCEL_TIMEOUT);
    }
  }
}
