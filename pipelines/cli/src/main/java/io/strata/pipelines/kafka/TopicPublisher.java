package io.strata.pipelines.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.source.KafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Publishes a Kafka contract's seed files ({@code source.path} under the input folder) to its
 * topic: files in name order, lines in file order, each line's bytes as the value, keyed by the
 * contract's {@code message_key} field. The same files always land on the same partitions at the
 * same offsets of a fresh topic: a keyed line goes where the key hashes, a line without a key (not
 * JSON, or no such field) to partition 0, never to a partition chosen by the producer's sticky
 * batching.
 */
public final class TopicPublisher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEND_TIMEOUT_SECONDS = 60;

  private TopicPublisher() {}

  /** Publishes every seed record as fast as the broker takes them; returns how many. */
  public static long publish(KafkaCluster cluster, TableContract contract, Path inputDir) {
    return publish(cluster, contract, inputDir, 0, () -> false);
  }

  /**
   * Publishes at about {@code eventsPerSecond} (0: unthrottled) until done or {@code stop} says so;
   * returns how many records were sent and acknowledged.
   */
  public static long publish(
      KafkaCluster cluster,
      TableContract contract,
      Path inputDir,
      double eventsPerSecond,
      BooleanSupplier stop) {
    String topic = contract.source().topic();
    String keyField = contract.source().messageKey();
    long sent = 0;
    long started = System.nanoTime();
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config(cluster))) {
      for (Path file : seedFiles(contract, inputDir)) {
        for (byte[] line : lines(Files.readAllBytes(file))) {
          if (stop.getAsBoolean()) {
            producer.flush();
            return checked(sent, failed, topic);
          }
          byte[] key = keyField == null ? null : key(line, keyField);
          producer.send(
              key == null
                  ? new ProducerRecord<>(topic, 0, null, line)
                  : new ProducerRecord<>(topic, key, line),
              (metadata, e) -> {
                if (e != null) {
                  failed.compareAndSet(null, e);
                }
              });
          sent++;
          if (eventsPerSecond > 0) {
            pace(started, sent, eventsPerSecond, producer);
          }
        }
      }
      producer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the seed files of " + contract.table(), e);
    }
    return checked(sent, failed, topic);
  }

  private static long checked(long sent, AtomicReference<Exception> failed, String topic) {
    if (failed.get() != null) {
      throw new IllegalStateException(
          "publishing to topic " + topic + " failed: " + failed.get().getMessage(), failed.get());
    }
    return sent;
  }

  /** The seed files, matched relative to the input folder, in name order. */
  public static List<Path> seedFiles(TableContract contract, Path inputDir) throws IOException {
    String glob = contract.source().path();
    if (glob == null || !Files.isDirectory(inputDir)) {
      return List.of();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    try (Stream<Path> files = Files.walk(inputDir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> matcher.matches(inputDir.relativize(f)))
          .sorted()
          .toList();
    }
  }

  /** Non-blank lines, without their line ending, as the raw bytes (invalid UTF-8 stays invalid). */
  static List<byte[]> lines(byte[] bytes) {
    List<byte[]> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        int to = i > from && bytes[i - 1] == '\r' ? i - 1 : i;
        byte[] line = Arrays.copyOfRange(bytes, from, to);
        if (!new String(line, StandardCharsets.UTF_8).isBlank()) {
          out.add(line);
        }
        from = i + 1;
      }
    }
    return out;
  }

  static byte @Nullable [] key(byte[] line, String field) {
    try {
      JsonNode node = JSON.readTree(line);
      JsonNode value = node == null ? null : node.get(field);
      return value != null && value.isValueNode() && !value.isNull()
          ? value.asText().getBytes(StandardCharsets.UTF_8)
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static void pace(
      long started, long sent, double eventsPerSecond, KafkaProducer<?, ?> producer) {
    long dueNanos = started + (long) (sent * 1e9 / eventsPerSecond);
    long wait = dueNanos - System.nanoTime();
    if (wait > 0) {
      producer.flush();
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Properties config(KafkaCluster cluster) {
    Properties p = new Properties();
    p.putAll(cluster.clientProperties());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // Idempotent, acknowledged by the broker: no record twice, and a partition keeps file order.
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    p.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int) TimeUnit.SECONDS.toMillis(SEND_TIMEOUT_SECONDS));
    return p;
  }
}
