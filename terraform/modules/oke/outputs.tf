output "cluster_id" {
  description = "OCID of the OKE cluster."
  value       = oci_containerengine_cluster.this.id
}

output "kubernetes_private_endpoint" {
  description = "Private endpoint of the Kubernetes API."
  value       = oci_containerengine_cluster.this.endpoints[0].private_endpoint
}

output "kubeconfig_command" {
  description = "OCI CLI command that writes a kubeconfig for this cluster."
  value       = "oci ce cluster create-kubeconfig --cluster-id ${oci_containerengine_cluster.this.id} --file $HOME/.kube/config --token-version 2.0.0 --kube-endpoint ${var.api_endpoint_public ? "PUBLIC_ENDPOINT" : "PRIVATE_ENDPOINT"}"
}

output "node_pool_id" {
  description = "OCID of the Flink node pool."
  value       = oci_containerengine_node_pool.flink.id
}
