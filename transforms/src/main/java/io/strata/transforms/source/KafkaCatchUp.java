package io.strata.transforms.source;

import io.strata.transforms.bronze.WriteBronze;
import io.strata.transforms.jdbc.Warehouse;
import io.strata.transforms.jdbc.WarehouseFn;
import io.strata.transforms.job.Spread;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PDone;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Loads fixed offset ranges of a Kafka topic into bronze: each partition from its start to its end
 * offset, then the load is done. Each partition's range is one element, read by a plain Kafka
 * consumer (assign, seek, poll to the end offset) so that the read is exact and bounded on every
 * runner, and written in COPY batches in the same DoFn call ({@link WriteBronze.Batches}): records
 * never become a PCollection, which the DirectRunner would hold whole in memory. KafkaIO's
 * splittable read is not used here: the DirectRunner checkpoints it every 100 records, which
 * measured about 2,000 records per second.
 */
public final class KafkaCatchUp extends PTransform<PBegin, PDone> {
  private final String table;
  private final String topic;
  private final KafkaCluster cluster;
  private final Map<Integer, KafkaOffsets.Range> ranges;
  private final Warehouse warehouse;
  private final WriteBronze.Batches batches;

  private KafkaCatchUp(
      String table,
      String topic,
      KafkaCluster cluster,
      Map<Integer, KafkaOffsets.Range> ranges,
      WriteBronze write) {
    this.table = table;
    this.topic = topic;
    this.cluster = cluster;
    this.ranges = Map.copyOf(ranges);
    this.warehouse = write.warehouse();
    this.batches = write.batches();
  }

  /**
   * Loads {@code ranges} (partition to offsets) of {@code topic} with {@code write}'s batches;
   * empty ranges are skipped.
   */
  public static KafkaCatchUp load(
      String table,
      String topic,
      KafkaCluster cluster,
      Map<Integer, KafkaOffsets.Range> ranges,
      WriteBronze write) {
    return new KafkaCatchUp(table, topic, cluster, ranges, write);
  }

  @Override
  public PDone expand(PBegin input) {
    List<KV<Integer, KV<Long, Long>>> partitions = new ArrayList<>();
    ranges.forEach(
        (partition, range) -> {
          if (range.size() > 0) {
            partitions.add(KV.of(partition, KV.of(range.start(), range.end())));
          }
        });
    // Applied when nothing is new too: a composite must expand into at least one transform.
    input
        .apply(
            "Partitions",
            Create.of(partitions)
                .withCoder(
                    KvCoder.of(VarIntCoder.of(), KvCoder.of(VarLongCoder.of(), VarLongCoder.of()))))
        .apply("Spread", Spread.overWorkers())
        .apply(
            "Read and write bronze",
            ParDo.of(new LoadRangeFn(warehouse, table, topic, cluster, batches)));
    return PDone.in(input.getPipeline());
  }

  /** Reads one partition's {@code [start, end)}: every record in it, and nothing after. */
  private static final class LoadRangeFn extends WarehouseFn<KV<Integer, KV<Long, Long>>, Void> {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration STALLED = Duration.ofMinutes(2);

    private final String table;
    private final String topic;
    private final KafkaCluster cluster;
    private final WriteBronze.Batches batches;

    LoadRangeFn(
        Warehouse warehouse,
        String table,
        String topic,
        KafkaCluster cluster,
        WriteBronze.Batches batches) {
      super(warehouse);
      this.table = table;
      this.topic = topic;
      this.cluster = cluster;
      this.batches = batches;
    }

    @ProcessElement
    public void process(@Element KV<Integer, KV<Long, Long>> range) throws SQLException {
      int partition = range.getKey();
      long start = range.getValue().getKey();
      long end = range.getValue().getValue();
      TopicPartition tp = new TopicPartition(topic, partition);
      Map<String, Object> config = new HashMap<>(cluster.clientProperties());
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      // a range whose start is gone (retention) fails the read instead of skipping records
      config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        WriteBronze.Writer writer = batches.open(connections());
        consumer.assign(List.of(tp));
        consumer.seek(tp, start);
        long position = start;
        Instant progressed = Instant.now();
        // Transaction markers take offsets too: the position, not the last record, says when the
        // range is done.
        while (position < end) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL).records(tp)) {
            if (r.offset() < end) {
              writer.accept(
                  KafkaRecords.toBronze(batches.layout(), topic, partition, r.offset(), r.value()));
            }
          }
          long now = consumer.position(tp);
          if (now > position) {
            position = now;
            progressed = Instant.now();
          } else if (Instant.now().isAfter(progressed.plus(STALLED))) {
            throw new IllegalStateException(
                tp
                    + ": no progress for "
                    + STALLED.toMinutes()
                    + " minutes at offset "
                    + position
                    + " of the range ["
                    + start
                    + ", "
                    + end
                    + ")");
          }
        }
        writer.flush();
      }
    }
  }
}
