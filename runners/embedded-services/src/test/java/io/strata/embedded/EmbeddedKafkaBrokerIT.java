package io.strata.embedded;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.Test;

public class EmbeddedKafkaBrokerIT {
  private static final String TOPIC = "payments";
  private static final int RECORDS = 100;

  @Test
  public void keyedRecordsComeBackFromThreePartitionsAndTheBrokerStopsWithClose() throws Exception {
    long begin = System.nanoTime();
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(Path.of("target", "it-kafka-" + System.nanoTime()));
    ProcessHandle jvm = ProcessHandle.of(broker.pid()).orElseThrow();
    String bootstrap = broker.bootstrapServers();
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    try {
      System.out.printf(
          "broker started in %d ms, RSS %s%n", (System.nanoTime() - begin) / 1_000_000, rss(jvm));
      broker.createTopic(TOPIC, 3);
      broker.createTopic(TOPIC, 3);
      assertThrows(IllegalStateException.class, () -> broker.createTopic(TOPIC, 4));

      produce(bootstrap);
      Map<String, Integer> partitionByKey = new HashMap<>();
      int received = 0;
      try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
        consumer.subscribe(List.of(TOPIC));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received < RECORDS && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
            assertEquals("{\"order_id\":\"" + r.key() + "\"}", r.value());
            partitionByKey.put(r.key(), r.partition());
            received++;
          }
        }
      }
      System.out.printf("after the traffic, RSS %s%n", rss(jvm));
      assertEquals(RECORDS, received);
      assertEquals(RECORDS, partitionByKey.size());
      assertEquals(Set.of(0, 1, 2), new HashSet<>(partitionByKey.values()));
    } finally {
      broker.close();
    }
    assertFalse("the broker JVM is gone", jvm.isAlive());
    try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertEquals(port, free.getLocalPort());
    }
  }

  private static void produce(String bootstrap) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < RECORDS; i++) {
        String key = "o-" + i;
        sent.add(producer.send(new ProducerRecord<>(TOPIC, key, "{\"order_id\":\"" + key + "\"}")));
      }
      for (Future<RecordMetadata> ack : sent) {
        ack.get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-it",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  private static String rss(ProcessHandle jvm) throws IOException {
    return Files.readAllLines(Path.of("/proc", String.valueOf(jvm.pid()), "status")).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .map(line -> line.substring("VmRSS:".length()).trim())
        .findFirst()
        .orElse("unknown");
  }
}
