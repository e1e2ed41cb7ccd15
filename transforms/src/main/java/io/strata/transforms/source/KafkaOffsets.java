package io.strata.transforms.source;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The offsets a bounded catch-up read of one topic works with: per partition, where the consumer
 * group stopped (its committed offset, or the earliest offset when it has none) and the end offset
 * found now. The read covers {@code [start, end)} and the group's offsets move to {@code end} only
 * once the records are durable, so a crash in between means the same range is read again.
 */
public final class KafkaOffsets {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KafkaOffsets() {}

  /** The half-open offset range {@code [start, end)} of one partition. */
  public record Range(long start, long end) {
    public long size() {
      return Math.max(0, end - start);
    }
  }

  /** Per partition, the range from the group's position to the end offset found now. */
  public static SortedMap<Integer, Range> pending(
      KafkaCluster cluster, String topic, String groupId) {
    try (Admin admin = cluster.admin(TIMEOUT)) {
      TopicDescription description =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
              .get(topic);
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (TopicPartitionInfo p : description.partitions()) {
        TopicPartition tp = new TopicPartition(topic, p.partition());
        earliest.put(tp, OffsetSpec.earliest());
        latest.put(tp, OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> first =
          admin.listOffsets(earliest).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> last =
          admin.listOffsets(latest).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      SortedMap<Integer, Range> ranges = new TreeMap<>();
      for (TopicPartition tp : earliest.keySet()) {
        OffsetAndMetadata done = committed.get(tp);
        // Records below the earliest offset are gone (retention); start at what still exists.
        long start = Math.max(first.get(tp).offset(), done == null ? 0 : done.offset());
        ranges.put(tp.partition(), new Range(start, Math.max(start, last.get(tp).offset())));
      }
      return ranges;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not read the offsets of topic "
              + topic
              + " from "
              + cluster
              + ": "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the offsets of topic " + topic, e);
    }
  }

  /** Moves the group's committed offsets to the ends of the ranges just made durable. */
  public static void commit(
      KafkaCluster cluster, String topic, String groupId, Map<Integer, Range> ranges) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    ranges.forEach(
        (partition, range) -> {
          if (range.size() > 0) {
            offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(range.end()));
          }
        });
    if (offsets.isEmpty()) {
      return;
    }
    try (Admin admin = cluster.admin(TIMEOUT)) {
      admin
          .alterConsumerGroupOffsets(groupId, offsets)
          .all()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not commit the offsets of topic "
              + topic
              + " for group "
              + groupId
              + ": "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while committing the offsets of topic " + topic, e);
    }
  }
}
