package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.embedded.EmbeddedKafkaBroker;
import io.strata.embedded.EmbeddedPostgresServer;
import io.strata.pipelines.config.ProduceOptions;
import io.strata.pipelines.config.StrataDefaults;
import io.strata.pipelines.config.StrataOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Payments through a real Kafka broker given by {@code --kafkaBootstrapServers}, filled by the
 * {@code produce} command: offsets committed after bronze, re-reading from the earliest offset adds
 * nothing, a payment that arrives before its order reaches silver once the order does, and
 * streaming mode refreshes silver and gold window by window and stops cleanly.
 */
public class KafkaPaymentsIT {
  @ClassRule public static final TestWarehouse WAREHOUSE = new TestWarehouse();

  private static final String LATE_PAYMENT =
      "{\"payment_id\":\"PAY0000008\",\"order_id\":\"O00000006\",\"amount\":\"2.00\",\"currency\":\"EUR\","
          + "\"method\":\"card\",\"status\":\"captured\",\"event_ts\":\"2026-01-08T09:30:00Z\"}\n";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  public void aPaymentBeforeItsOrderWaitsInQuarantineAndMovesToSilverWhenTheOrderArrives()
      throws Exception {
    Path input = HandFixture.copy("late");
    Files.writeString(input.resolve("payments/payments_2026-01-08.jsonl"), LATE_PAYMENT);
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(Path.of("target", "it-kafka-late-" + System.nanoTime()))) {
      String kafka = "--kafkaBootstrapServers=" + broker.bootstrapServers();
      assertThat(produce(broker, input, 0)).isZero();
      String db = WAREHOUSE.newDatabase();

      TestWarehouse.RunResult first = TestWarehouse.run(db, "--inputDir=" + input, kafka);

      assertThat(first.exit()).as(first.output()).isZero();
      assertThat(
              TestWarehouse.rows(
                  db,
                  "SELECT reasons->0->>'code', replayable, resolved_run_id IS NULL FROM quarantine.rejected_rows"
                      + " WHERE table_name = 'payments'"))
          .containsExactly(List.of("order_id.fk_missing", "t", "t"));
      assertThat(
              TestWarehouse.count(
                  db, "SELECT count(*) FROM silver.payments WHERE payment_id = 'PAY0000008'"))
          .isZero();
      // Committed only now that bronze holds them: the group stands at the end of every partition,
      // 13 records in all.
      assertThat(
              ConsumerGroups.committedOffsets(
                  broker.bootstrapServers(), StrataDefaults.KAFKA_GROUP_ID))
          .isEqualTo(13);

      Files.writeString(
          input.resolve("orders/orders_2026-01-08.csv"),
          "order_id,customer_id,order_ts,channel,currency,status\nO00000006,C000001,2026-01-08T09:00:00Z,web,EUR,placed\n");
      TestWarehouse.RunResult second = TestWarehouse.run(db, "--inputDir=" + input, kafka);

      assertThat(second.exit()).as(second.output()).isZero();
      assertThat(
              TestWarehouse.rows(
                  db, "SELECT status, amount FROM silver.payments WHERE payment_id = 'PAY0000008'"))
          .containsExactly(List.of("captured", "2.00"));
      assertThat(
              TestWarehouse.count(
                  db,
                  "SELECT count(*) FROM quarantine.rejected_rows WHERE table_name = 'payments' AND resolved_run_id IS NULL"))
          .isZero();
      assertThat(
              TestWarehouse.rows(
                  db,
                  "SELECT rows_read, silver_processed, silver_upserted, resolved FROM ops.table_counts"
                      + " WHERE table_name = 'payments' AND run_id = (SELECT run_id FROM ops.runs ORDER BY started_at DESC LIMIT 1)"))
          .as("nothing new in the topic; the waiting payment re-checked and resolved")
          .containsExactly(List.of("0", "1", "1", "1"));
      assertThat(
              TestWarehouse.rows(
                  db,
                  "SELECT net_eur, paid_eur, payment_status FROM gold.order_payments WHERE order_id = 'O00000006'"))
          .containsExactly(List.of("0.00", "2.00", "paid"));

      // Another consumer group starts from the earliest offset: every record is read again and none
      // is new.
      TestWarehouse.RunResult fromEarliest =
          TestWarehouse.run(db, "--inputDir=" + input, kafka, "--kafkaGroupId=strata-rerun");

      assertThat(fromEarliest.exit()).as(fromEarliest.output()).isZero();
      assertThat(
              TestWarehouse.rows(
                  db,
                  "SELECT rows_read, bronze_new, bronze_already_present FROM ops.table_counts"
                      + " WHERE table_name = 'payments' AND run_id = (SELECT run_id FROM ops.runs ORDER BY started_at DESC LIMIT 1)"))
          .containsExactly(List.of("13", "0", "13"));
      assertThat(TestWarehouse.count(db, "SELECT count(*) FROM bronze.payments")).isEqualTo(13);
      assertThat(
              TestWarehouse.count(
                  db,
                  "SELECT count(DISTINCT source) FROM bronze.payments WHERE source ~ '^payments/[0-9]{5}$'"))
          .isBetween(1L, 3L);
    }
  }

  @Test
  public void streamingRefreshesSilverAndGoldEveryWindowAndStopsBetweenWindows() throws Exception {
    Path input = HandFixture.copy("stream");
    Path later =
        Files.createDirectories(
            Path.of("target", "it-kafka-later-" + System.nanoTime(), "payments"));
    StringBuilder events = new StringBuilder();
    for (int i = 9; i <= 13; i++) {
      events.append(
          String.format(
              "{\"payment_id\":\"PAY%07d\",\"order_id\":\"O00000002\",\"amount\":\"1.00\",\"currency\":\"USD\","
                  + "\"method\":\"card\",\"status\":\"captured\",\"event_ts\":\"2026-01-07T0%d:00:00Z\"}%n",
              i, i - 8));
    }
    // An event older than the one silver holds, arriving in a later window, changes nothing.
    events.append(
        "{\"payment_id\":\"PAY0000003\",\"order_id\":\"O00000003\",\"amount\":\"3.00\",\"currency\":\"GBP\","
            + "\"method\":\"card\",\"status\":\"refunded\",\"event_ts\":\"2026-01-06T14:00:00Z\"}\n");
    Files.writeString(later.resolve("payments_2026-01-09.jsonl"), events);
    Instant started = Instant.now();
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(Path.of("target", "it-kafka-stream-" + System.nanoTime()))) {
      String db = WAREHOUSE.newDatabase();
      Streaming streaming = Streaming.afterFirstWindow(db, input, broker);
      ByteArrayOutputStream output = streaming.output();
      try {
        assertThat(TestWarehouse.count(db, "SELECT count(*) FROM silver.payments")).isEqualTo(7);

        assertThat(produce(broker, later.getParent(), 20)).isZero();
        // Stopping while a window is in progress lets that window finish its silver and gold first.
        awaitCount(db, "SELECT count(*) FROM bronze.payments", 18, output);
      } finally {
        streaming.stop();
      }

      assertThat(streaming.thread().isAlive()).isFalse();
      assertThat(streaming.exit().get()).as(output.toString(StandardCharsets.UTF_8)).isZero();
      // What a container's health check reads: the last window that completed, recently.
      Path heartbeat = Path.of("target", "it-work", io.strata.pipelines.Streaming.HEARTBEAT);
      assertThat(Files.getLastModifiedTime(heartbeat).toInstant()).isAfter(started);
      assertThat(Files.readString(heartbeat)).matches("[1-9][0-9]* \\S+Z\n");
      // Windows rebuild only the gold model that reads silver.payments, and nothing when no event
      // arrived.
      assertThat(output.toString(StandardCharsets.UTF_8))
          .contains("streaming: stopped between windows", "gold: order_payments (4 rows) in ")
          .doesNotContain("gold: order_payments (4 rows), ");
      // One ledger run per window, all reconciled, none left running; together they read each event
      // once.
      assertThat(
              TestWarehouse.count(
                  db,
                  "SELECT count(*) FROM ops.runs WHERE status <> 'succeeded' OR stream_id IS NULL"))
          .isZero();
      assertThat(
              TestWarehouse.count(db, "SELECT count(DISTINCT window_no) - count(*) FROM ops.runs"))
          .isZero();
      assertThat(
              TestWarehouse.count(
                  db, "SELECT sum(rows_read) FROM ops.table_counts WHERE table_name = 'payments'"))
          .isEqualTo(18);
      assertThat(TestWarehouse.count(db, "SELECT count(*) FROM bronze.payments")).isEqualTo(18);
      assertThat(
              TestWarehouse.rows(
                  db,
                  "SELECT status, event_ts FROM silver.payments WHERE payment_id = 'PAY0000003'"))
          .containsExactly(List.of("captured", "2026-01-06 15:00:00+00"));
      // O00000002 (net 5.00 EUR) now has five captured 1.00 USD payments at the 2026-01-07 rate of
      // 1.0000.
      assertThat(
              TestWarehouse.rows(
                  db,
                  "SELECT paid_eur, payment_status FROM gold.order_payments WHERE order_id = 'O00000002'"))
          .containsExactly(List.of("5.00", "paid"));
    }
  }

  @Test
  public void aStreamingWindowThatFailsIsRedoneByTheNext() throws Exception {
    Path input = HandFixture.copy("retry");
    Path later =
        Files.createDirectories(
            Path.of("target", "it-kafka-retry-" + System.nanoTime(), "payments"));
    Files.writeString(
        later.resolve("payments_2026-01-09.jsonl"),
        "{\"payment_id\":\"PAY0000021\",\"order_id\":\"O00000002\",\"amount\":\"1.00\",\"currency\":\"USD\","
            + "\"method\":\"card\",\"status\":\"captured\",\"event_ts\":\"2026-01-07T01:00:00Z\"}\n");
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(Path.of("target", "it-kafka-retry-" + System.nanoTime()))) {
      String db = WAREHOUSE.newDatabase();
      Streaming streaming = Streaming.afterFirstWindow(db, input, broker);
      ByteArrayOutputStream output = streaming.output();
      try {
        // Silver's table out of the way: the windows that read the new event fail after bronze took
        // it.
        TestWarehouse.execute(db, "ALTER TABLE silver.payments RENAME TO payments_parked");
        assertThat(produce(broker, later.getParent(), 0)).isZero();
        awaitCount(db, "SELECT count(*) FROM ops.runs WHERE status = 'failed'", 1, output);
        TestWarehouse.execute(db, "ALTER TABLE silver.payments_parked RENAME TO payments");
        awaitCount(
            db, "SELECT count(*) FROM silver.payments WHERE payment_id = 'PAY0000021'", 1, output);
      } finally {
        streaming.stop();
      }

      String out = output.toString(StandardCharsets.UTF_8);
      assertThat(streaming.thread().isAlive()).isFalse();
      assertThat(streaming.exit().get()).as(out).isZero();
      assertThat(out)
          .contains(
              "failed (", "the next window does its work", "streaming: stopped between windows");
      assertThat(TestWarehouse.count(db, "SELECT count(*) FROM bronze.payments")).isEqualTo(13);
      // Bronze took the event once, in the first failed window; a later window moved it to silver
      // and gold.
      assertThat(
              TestWarehouse.count(
                  db, "SELECT sum(bronze_new) FROM ops.table_counts WHERE table_name = 'payments'"))
          .isEqualTo(13);
      assertThat(
              TestWarehouse.rows(
                  db,
                  "SELECT paid_eur, payment_status FROM gold.order_payments WHERE order_id = 'O00000002'"))
          .containsExactly(List.of("1.00", "partially_paid"));
      assertThat(
              TestWarehouse.count(
                  db,
                  "SELECT count(*) FROM ops.runs r WHERE r.status = 'succeeded' AND r.window_no >"
                      + " (SELECT min(window_no) FROM ops.runs WHERE status = 'failed')"))
          .isPositive();
    }
  }

  /**
   * A streaming run (windows of 2 s) in a thread of this JVM, stopped between windows by {@link
   * #stop()}.
   */
  private record Streaming(
      Thread thread, StopSignal signal, ByteArrayOutputStream output, AtomicInteger exit) {
    private static Streaming start(String db, Path input, EmbeddedKafkaBroker broker) {
      StrataOptions options =
          PipelineOptionsFactory.fromArgs(
                  "--jdbcUrl=" + db,
                  "--jdbcUser=" + EmbeddedPostgresServer.SUPERUSER,
                  "--workDir=target/it-work",
                  "--stages=bronze,silver,gold",
                  "--inputDir=" + input,
                  "--kafkaBootstrapServers=" + broker.bootstrapServers(),
                  "--streaming",
                  "--windowSeconds=2")
              .withValidation()
              .as(StrataOptions.class);
      StopSignal signal = StopSignal.onShutdown(Duration.ofSeconds(5));
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      AtomicInteger exit = new AtomicInteger(-1);
      Thread thread =
          new Thread(
              () ->
                  exit.set(
                      StrataRun.run(
                          options, new PrintStream(output, true, StandardCharsets.UTF_8), signal)));
      thread.start();
      return new Streaming(thread, signal, output, exit);
    }

    /**
     * {@code input}'s events produced, then a stream started and its first window done (stopped
     * again if that fails).
     */
    static Streaming afterFirstWindow(String db, Path input, EmbeddedKafkaBroker broker)
        throws Exception {
      assertThat(produce(broker, input, 0)).isZero();
      Streaming streaming = start(db, input, broker);
      try {
        awaitCount(
            db,
            "SELECT count(*) FROM ops.runs WHERE window_no >= 1 AND status = 'succeeded'",
            1,
            streaming.output());
      } catch (Exception | AssertionError e) {
        streaming.stop();
        throw e;
      }
      return streaming;
    }

    void stop() throws InterruptedException {
      signal.request();
      thread.join(WAIT.toMillis());
    }
  }

  private static int produce(EmbeddedKafkaBroker broker, Path input, double eventsPerSecond) {
    return new ProduceCommand()
        .run(
            PipelineOptionsFactory.fromArgs(
                    "--kafkaBootstrapServers=" + broker.bootstrapServers(),
                    "--inputDir=" + input,
                    "--eventsPerSecond=" + eventsPerSecond)
                .withValidation()
                .as(ProduceOptions.class));
  }

  private static void awaitCount(String db, String sql, long atLeast, ByteArrayOutputStream output)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (countOnceMigrated(db, sql) < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "waited "
                + WAIT.toSeconds()
                + " s for "
                + sql
                + "\n"
                + output.toString(StandardCharsets.UTF_8));
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }

  /** The count, or -1 while the run has not created the tables yet. */
  private static long countOnceMigrated(String db, String sql) throws java.sql.SQLException {
    try {
      return TestWarehouse.count(db, sql);
    } catch (java.sql.SQLException e) {
      if ("42P01".equals(e.getSQLState()) || "42703".equals(e.getSQLState())) {
        return -1;
      }
      throw e;
    }
  }
}
