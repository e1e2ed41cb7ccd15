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
}
