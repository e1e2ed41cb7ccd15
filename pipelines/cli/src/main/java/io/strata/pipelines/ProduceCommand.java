package io.strata.pipelines;

import io.strata.pipelines.config.KafkaClusters;
import io.strata.pipelines.config.ProduceOptions;
import io.strata.pipelines.config.RunConfig;
import io.strata.pipelines.config.StrataDefaults;
import io.strata.pipelines.kafka.TopicPublisher;
import io.strata.transforms.contract.Project;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.source.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * {@code produce}: streams each Kafka contract's seed files to its topic at {@code
 * --eventsPerSecond}, for demos and tests of streaming mode. A missing topic is created with 3
 * partitions. Ctrl-C stops it after the record in flight.
 */
public final class ProduceCommand implements Command<ProduceOptions> {
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

  @Override
  public String name() {
    return "produce";
  }

  @Override
  public Class<ProduceOptions> optionsType() {
    return ProduceOptions.class;
  }

  @Override
  public int run(ProduceOptions o) {
    Project project = Project.load(RunConfig.projectDir(o));
    Path inputDir = Path.of(o.getInputDir());
    KafkaCluster cluster = KafkaClusters.from(o);
    AtomicBoolean stop = new AtomicBoolean();
    Thread main = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                main.join(10_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "strata-produce-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      for (TableContract c : project.contracts()) {
        if (!StrataRun.isKafka(c)) {
          continue;
        }
        ensureTopic(cluster, c.source().topic());
        long start = System.nanoTime();
        long sent = TopicPublisher.publish(cluster, c, inputDir, o.getEventsPerSecond(), stop::get);
        System.out.printf(
            "produce: %d records to topic %s in %.1f s%n",
            sent, c.source().topic(), (System.nanoTime() - start) / 1e9);
      }
      return 0;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is waiting for this thread, which is done.
      }
    }
  }

  static void ensureTopic(KafkaCluster cluster, String topic) {
    try (Admin admin = cluster.admin(TOPIC_TIMEOUT)) {
      admin
          .createTopics(List.of(new NewTopic(topic, StrataDefaults.PAYMENTS_PARTITIONS, (short) 1)))
          .all()
          .get(TOPIC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "could not create topic " + topic + ": " + e.getCause().getMessage(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "could not create topic "
              + topic
              + " within "
              + TOPIC_TIMEOUT.toSeconds()
              + " s at "
              + cluster,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    }
  }
}
