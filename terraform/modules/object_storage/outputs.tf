output "namespace" {
  description = "Object Storage namespace of the tenancy."
  value       = local.namespace
}

output "flink_checkpoints_bucket" {
  description = "Name of the bucket for Flink checkpoints and savepoints."
  value       = oci_objectstorage_bucket.this["flink_checkpoints"].name
}

output "mlflow_artifacts_bucket" {
  description = "Name of the bucket for MLflow artifacts."
  value       = oci_objectstorage_bucket.this["mlflow_artifacts"].name
}

output "s3_endpoint" {
  description = "S3-compatible endpoint of Object Storage (Flink's s3 filesystem, MLflow's boto3)."
  value       = "https://${local.namespace}.compat.objectstorage.${var.region}.oraclecloud.com"
}
