output "stream_pool_id" {
  description = "OCID of the stream pool (part of the Kafka SASL user name)."
  value       = oci_streaming_stream_pool.this.id
}

output "stream_id" {
  description = "OCID of the payments stream."
  value       = oci_streaming_stream.payments.id
}

output "topic" {
  description = "Kafka topic name of the stream."
  value       = oci_streaming_stream.payments.name
}

output "bootstrap_servers" {
  description = "Kafka bootstrap servers of the pool's private endpoint (Strata's --kafkaBootstrapServers)."
  value       = oci_streaming_stream_pool.this.kafka_settings[0].bootstrap_servers
}
