package io.strata.pipelines.config;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The Kafka cluster of the project's Kafka sources, and the consumer group bronze commits to. */
public interface KafkaOptions extends PipelineOptions {
  @Description(
      "Kafka bootstrap servers of the Kafka sources. Absent: an embedded broker is started under"
          + " <workDir>/kafka and each Kafka contract's files are published to its topic (3 partitions) first.")
  String getKafkaBootstrapServers();

  void setKafkaBootstrapServers(String value);

  @Description(
      "Kafka consumer group whose committed offsets say where bronze resumes; committed only once rows are in bronze.")
  @Default.String(StrataDefaults.KAFKA_GROUP_ID)
  String getKafkaGroupId();

  void setKafkaGroupId(String value);

  @Description(
      "Kafka security.protocol of every Kafka client: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (OCI Streaming: SASL_SSL).")
  @Default.String("PLAINTEXT")
  String getKafkaSecurityProtocol();

  void setKafkaSecurityProtocol(String value);

  @Description(
      "Kafka SASL mechanism with SASL_*: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (OCI Streaming: PLAIN).")
  @Default.String("PLAIN")
  String getKafkaSaslMechanism();

  void setKafkaSaslMechanism(String value);

  @Description(
      "Kafka SASL user name (OCI Streaming: <tenancy>/<user>/<stream pool OCID>). The password comes from the"
          + " environment variable STRATA_KAFKA_PASSWORD or --kafkaPasswordFile, never from an argument.")
  String getKafkaUser();

  void setKafkaUser(String value);

  @Description(
      "File whose whole content (no line break at its end) is the Kafka SASL password, read by each Kafka client where it runs.")
  String getKafkaPasswordFile();

  void setKafkaPasswordFile(String value);

  @Description(
      "Trust store for the Kafka brokers' certificates with SSL or SASL_SSL: a PEM file of CA certificates,"
          + " or a .jks / .p12 key store. Absent: the JVM's own trusted CAs (enough for OCI Streaming).")
  String getKafkaTruststore();

  void setKafkaTruststore(String value);
}
