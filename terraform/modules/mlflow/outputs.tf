output "container_instance_id" {
  description = "OCID of the container instance."
  value       = oci_container_instances_container_instance.this.id
}

output "tracking_uri" {
  description = "MLflow tracking URI inside the VCN (Strata's --mlflowTrackingUri)."
  value       = "http://${local.hostname}.${var.subnet_domain_name}:5000"
}
