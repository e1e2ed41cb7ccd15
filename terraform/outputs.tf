# What Strata's options need. `terraform output -json strata_options` gives them all; the
# README shows how they become the job's arguments.

locals {
  flink_master = "${var.flink_deployment_name}-rest.${var.flink_namespace}.svc:8081"
}

output "jdbc_url" {
  description = "--jdbcUrl: the strata database on OCI Database with PostgreSQL."
  value       = module.postgresql.jdbc_url
}

output "jdbc_user" {
  description = "--jdbcUser."
  value       = module.postgresql.admin_username
}

output "kafka_bootstrap_servers" {
  description = "--kafkaBootstrapServers: the stream pool's Kafka endpoint (SASL_SSL; see the README)."
  value       = module.streaming.bootstrap_servers
}

output "kafka_topic" {
  description = "The payments stream, as a Kafka topic."
  value       = module.streaming.topic
}

output "kafka_sasl_username" {
  description = "--kafkaUser: the SASL/PLAIN user name template; fill in the tenancy and user names. The password is that user's auth token, given in STRATA_KAFKA_PASSWORD or --kafkaPasswordFile."
  value       = "<tenancy-name>/<user-name>/${module.streaming.stream_pool_id}"
}

output "mlflow_tracking_uri" {
  description = "--mlflowTrackingUri: the MLflow server on Container Instances (resolvable inside the VCN)."
  value       = module.mlflow.tracking_uri
}

output "flink_master" {
  description = "--flinkMaster: REST service of the Flink session cluster from runners/flink/k8s (inside the OKE cluster)."
  value       = local.flink_master
}

output "strata_options" {
  description = "Every option above, keyed by Strata's option name."
  value = {
    runner                = "FlinkRunner"
    flinkMaster           = local.flink_master
    jdbcUrl               = module.postgresql.jdbc_url
    jdbcUser              = module.postgresql.admin_username
    kafkaBootstrapServers = module.streaming.bootstrap_servers
    kafkaSecurityProtocol = "SASL_SSL"
    kafkaSaslMechanism    = "PLAIN"
    kafkaUser             = "<tenancy-name>/<user-name>/${module.streaming.stream_pool_id}"
    mlflowTrackingUri     = module.mlflow.tracking_uri
  }
}

output "strata_db_password_secret_id" {
  description = "Vault secret holding STRATA_JDBC_PASSWORD (read it with `oci secrets secret-bundle get`)."
  value       = module.vault.strata_db_password_secret_id
}

output "strata_db_password" {
  description = "STRATA_JDBC_PASSWORD itself, for `terraform output -raw`; never printed in plan or apply."
  value       = var.strata_db_password
  sensitive   = true
}

output "kubeconfig_command" {
  description = "Writes a kubeconfig for the OKE cluster."
  value       = module.oke.kubeconfig_command
}

output "object_storage" {
  description = "Buckets and the S3-compatible endpoint (Flink checkpoints, MLflow artifacts)."
  value = {
    namespace         = module.object_storage.namespace
    flink_checkpoints = module.object_storage.flink_checkpoints_bucket
    mlflow_artifacts  = module.object_storage.mlflow_artifacts_bucket
    s3_endpoint       = module.object_storage.s3_endpoint
  }
}
