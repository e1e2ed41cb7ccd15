package io.strata.transforms.source;

import io.strata.transforms.bronze.BronzeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaSourceDescriptor;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads fixed offset ranges of a Kafka topic with KafkaIO into bronze records: each partition from
 * its start to its end offset, then the read is done. KafkaIO reads per partition as a splittable
 * DoFn whose output is unbounded even when every range is finite; the bronze writer commits per
 * bundle, so nothing downstream waits for the read to end.
 *
 * <p>{@link #follow} is the unbounded read of a streaming job on a runner that checkpoints: it starts
 * at the consumer group's committed offsets and commits the group's offsets only when a checkpoint
 * completes (KafkaIO's {@code commitOffsetsInFinalize}), after every record read before it is durable
 * downstream.
 */
public final class KafkaSource extends PTransform<PBegin, PCollection<BronzeRecord>> {
  private final String table;
  private final String topic;
  private final String bootstrapServers;
  private final @Nullable Map<Integer, KafkaOffsets.Range> ranges;
  private final @Nullable String groupId;

  private KafkaSource(String table, String topic, String bootstrapServers, @Nullable Map<Integer, KafkaOffsets.Range> ranges,
      @Nullable String groupId) {
    this.table = table;
    this.topic = topic;
    this.bootstrapServers = bootstrapServers;
    this.ranges = ranges == null ? null : Map.copyOf(ranges);
    this.groupId = groupId;
  }

  /** Reads {@code ranges} (partition to offsets) of {@code topic}; empty ranges are skipped. */
  public static KafkaSource read(String table, String topic, String bootstrapServers, Map<Integer, KafkaOffsets.Range> ranges) {
    return new KafkaSource(table, topic, bootstrapServers, ranges, null);
  }

  /**
   * Reads {@code topic} without end, from {@code groupId}'s committed offsets (the earliest where it
   * has none), committing the group's offsets as checkpoints complete.
   */
  public static KafkaSource follow(String table, String topic, String bootstrapServers, String groupId) {
    return new KafkaSource(table, topic, bootstrapServers, null, groupId);
  }

  @Override
  public PCollection<BronzeRecord> expand(PBegin input) {
    if (ranges == null) {
      return input
          .apply("Follow " + topic, KafkaIO.<byte[], byte[]>read()
              .withBootstrapServers(bootstrapServers)
              .withTopic(topic)
              .withKeyDeserializer(ByteArrayDeserializer.class)
              .withValueDeserializer(ByteArrayDeserializer.class)
              .withConsumerConfigUpdates(Map.of(
                  ConsumerConfig.GROUP_ID_CONFIG, groupId,
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                  ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))
              .withProcessingTime()
              .commitOffsetsInFinalize())
          .apply("To bronze", ParDo.of(new ToBronzeFn(table)));
    }
    List<KafkaSourceDescriptor> descriptors = new ArrayList<>();
    ranges.forEach((partition, range) -> {
      if (range.size() > 0) {
        descriptors.add(KafkaSourceDescriptor.of(new TopicPartition(topic, partition), range.start(), null, range.end(), null,
            List.of(bootstrapServers)));
      }
    });
    if (descriptors.isEmpty()) {
      return input.apply("Nothing new in " + topic, Create.empty(TypeDescriptor.of(BronzeRecord.class)));
    }
    return input
        .apply("Partitions", Create.of(descriptors))
        .apply("Read " + topic, KafkaIO.<byte[], byte[]>readSourceDescriptors()
            .withBootstrapServers(bootstrapServers)
            .withKeyDeserializer(ByteArrayDeserializer.class)
            .withValueDeserializer(ByteArrayDeserializer.class)
            .withConsumerConfigUpdates(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))
            .withProcessingTime())
        .apply("To bronze", ParDo.of(new ToBronzeFn(table)));
  }

  private static final class ToBronzeFn extends DoFn<KafkaRecord<byte[], byte[]>, BronzeRecord> {
    private final String table;

    ToBronzeFn(String table) {
      this.table = table;
    }

    @ProcessElement
    public void process(@Element KafkaRecord<byte[], byte[]> r, OutputReceiver<BronzeRecord> out) {
      out.output(KafkaRecords.toBronze(table, r.getTopic(), r.getPartition(), r.getOffset(), r.getKV().getValue()));
    }
  }
}
