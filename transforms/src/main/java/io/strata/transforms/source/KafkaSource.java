package io.strata.transforms.source;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.contract.BronzeLayout;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The unbounded read of a Kafka topic into bronze records, for a streaming job on a runner that
 * checkpoints: KafkaIO from the consumer group's committed offsets, committing the group's offsets
 * only when a checkpoint completes (KafkaIO's {@code commitOffsetsInFinalize}), after every record
 * read before it is durable downstream. A batch run's bounded catch-up is {@link KafkaCatchUp}.
 */
public final class KafkaSource extends PTransform<PBegin, PCollection<BronzeRecord>> {
  private final BronzeLayout layout;
  private final String topic;
  private final KafkaCluster cluster;
  private final String groupId;

  private KafkaSource(BronzeLayout layout, String topic, KafkaCluster cluster, String groupId) {
    this.layout = layout;
    this.topic = topic;
    this.cluster = cluster;
    this.groupId = groupId;
  }

  /**
   * Reads {@code topic} without end, from {@code groupId}'s committed offsets (the earliest where
   * it has none), committing the group's offsets as checkpoints complete.
   */
  public static KafkaSource follow(
      BronzeLayout layout, String topic, KafkaCluster cluster, String groupId) {
    return new KafkaSource(layout, topic, cluster, groupId);
  }

  @Override
  public PCollection<BronzeRecord> expand(PBegin input) {
    return input
        .apply(
            "Follow " + topic,
            KafkaIO.<byte[], byte[]>read()
                .withBootstrapServers(cluster.bootstrapServers())
                .withTopic(topic)
                .withKeyDeserializer(ByteArrayDeserializer.class)
                .withValueDeserializer(ByteArrayDeserializer.class)
                .withConsumerConfigUpdates(consumerConfig())
                .withProcessingTime()
                .commitOffsetsInFinalize())
        .apply("To bronze", ParDo.of(new ToBronzeFn(layout)));
  }

  /** The cluster's security and the group; the password stays a reference (see KafkaCluster). */
  private Map<String, Object> consumerConfig() {
    Map<String, Object> config = new HashMap<>(cluster.clientProperties());
    config.remove(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG); // KafkaIO sets it itself
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return config;
  }

  private static final class ToBronzeFn extends DoFn<KafkaRecord<byte[], byte[]>, BronzeRecord> {
    private final BronzeLayout layout;

    ToBronzeFn(BronzeLayout layout) {
      this.layout = layout;
    }

    @ProcessElement
    public void process(@Element KafkaRecord<byte[], byte[]> r, OutputReceiver<BronzeRecord> out) {
      out.output(
          KafkaRecords.toBronze(
              layout, r.getTopic(), r.getPartition(), r.getOffset(), r.getKV().getValue()));
    }
  }
}
