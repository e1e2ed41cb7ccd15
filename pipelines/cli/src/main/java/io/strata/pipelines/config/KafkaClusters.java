package io.strata.pipelines.config;

import io.strata.transforms.source.KafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The Kafka cluster the options name, checked before anything starts. */
public final class KafkaClusters {
  private KafkaClusters() {}

  /**
   * The cluster every Kafka client of this command reaches, or null without bootstrap servers (the
   * embedded broker). With SASL, its password must be where the clients will read it ({@link
   * KafkaCluster}); it is never read into this process's options.
   */
  public static @Nullable KafkaCluster from(KafkaOptions o) {
    if (o.getKafkaBootstrapServers() == null) {
      return null;
    }
    KafkaCluster cluster =
        new KafkaCluster(
            o.getKafkaBootstrapServers(),
            o.getKafkaSecurityProtocol(),
            o.getKafkaSaslMechanism(),
            o.getKafkaUser(),
            o.getKafkaTruststore(),
            o.getKafkaPasswordFile());
    if (cluster.usesSasl()) {
      checkPassword(o.getKafkaPasswordFile());
    }
    return cluster;
  }

  private static void checkPassword(@Nullable String passwordFile) {
    if (passwordFile == null) {
      String fromEnv = System.getenv(KafkaCluster.PASSWORD_ENV);
      if (fromEnv == null || fromEnv.isEmpty()) {
        throw new IllegalArgumentException(
            "a SASL Kafka connection needs its password in the environment variable "
                + KafkaCluster.PASSWORD_ENV
                + " or in a file named by --kafkaPasswordFile (never an argument)");
      }
      return;
    }
    Path file = Path.of(passwordFile);
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("--kafkaPasswordFile is not readable: " + file, e);
    }
    if (content.length == 0) {
      throw new IllegalArgumentException("--kafkaPasswordFile is empty: " + file);
    }
    byte last = content[content.length - 1];
    if (last == '\n' || last == '\r') {
      // Kafka reads the file's whole content as the password, a line break included.
      throw new IllegalArgumentException(
          "--kafkaPasswordFile ends with a line break, which Kafka would take as part of the"
              + " password: "
              + file
              + " (write it with printf '%s' ...)");
    }
  }
}
