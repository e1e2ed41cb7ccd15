package io.strata.pipelines.config;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/** Options of {@code produce}: where the events come from, where they go, and how fast. */
public interface ProduceOptions extends KafkaOptions, SourceOptions {
  @Description("Events per second sent to each topic; 0 sends as fast as the broker takes them.")
  @Default.Double(100)
  double getEventsPerSecond();

  void setEventsPerSecond(double value);

  @Override
  @Description("Kafka bootstrap servers to publish to (required).")
  @Validation.Required
  String getKafkaBootstrapServers();

  @Override
  @Description(
      "Folder whose Kafka seed files are published (payments/payments_*.jsonl for the retail sample; required).")
  @Validation.Required
  String getInputDir();
}
