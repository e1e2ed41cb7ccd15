# One NSG per component; rules name the NSGs they trust rather than address ranges, so a
# component is reachable only from the components that need it.
#
# Ingress rules are stateless (no connection tracking, as CIS advises): the replies leave
# through each NSG's egress rule, and replies to connections a member opens itself are
# tracked by that (stateful) egress rule.

locals {
  nsg_names = toset(["oke_api", "workers", "postgres", "mlflow", "streaming"])

  # TCP ingress: which NSG accepts which port (null: every port) from which other NSG.
  nsg_tcp_ingress = {
    oke_api_from_workers_6443   = { nsg = "oke_api", port = 6443, from = "workers", what = "Kubernetes API from worker nodes" }
    oke_api_from_workers_12250  = { nsg = "oke_api", port = 12250, from = "workers", what = "OKE control plane from worker nodes" }
    workers_from_oke_api_tcp    = { nsg = "workers", port = null, from = "oke_api", what = "Control plane to worker nodes (kubelet, webhooks)" }
    postgres_from_workers_5432  = { nsg = "postgres", port = 5432, from = "workers", what = "PostgreSQL from Flink and the Strata job" }
    postgres_from_mlflow_5432   = { nsg = "postgres", port = 5432, from = "mlflow", what = "PostgreSQL from MLflow (its backend store)" }
    mlflow_from_workers_5000    = { nsg = "mlflow", port = 5000, from = "workers", what = "MLflow tracking API from Flink and the Strata job" }
    streaming_from_workers_9092 = { nsg = "streaming", port = 9092, from = "workers", what = "Kafka protocol from Flink and the Strata job" }
  }
}

resource "oci_core_network_security_group" "this" {
  for_each       = local.nsg_names
  compartment_id = var.compartment_id
  vcn_id         = oci_core_vcn.this.id
  display_name   = "${var.name_prefix}-${replace(each.key, "_", "-")}"
  freeform_tags  = var.freeform_tags
}

resource "oci_core_network_security_group_security_rule" "tcp_ingress" {
  for_each                  = local.nsg_tcp_ingress
  network_security_group_id = oci_core_network_security_group.this[each.value.nsg].id
  description               = each.value.what
  direction                 = "INGRESS"
  protocol                  = "6" # TCP
  source_type               = "NETWORK_SECURITY_GROUP"
  source                    = oci_core_network_security_group.this[each.value.from].id
  stateless                 = true
  dynamic "tcp_options" {
    for_each = each.value.port == null ? [] : [each.value.port]
    content {
      destination_port_range {
        min = tcp_options.value
        max = tcp_options.value
      }
    }
  }
}

# The Kubernetes API from the administrators' networks (kubectl, helm).
resource "oci_core_network_security_group_security_rule" "oke_api_from_admins" {
  for_each                  = toset(var.admin_cidrs)
  network_security_group_id = oci_core_network_security_group.this["oke_api"].id
  description               = "Kubernetes API from ${each.value}"
  direction                 = "INGRESS"
  protocol                  = "6"
  source_type               = "CIDR_BLOCK"
  source                    = each.value
  stateless                 = true
  tcp_options {
    destination_port_range {
      min = 6443
      max = 6443
    }
  }
}

# Flannel overlay and pod-to-pod traffic between worker nodes.
resource "oci_core_network_security_group_security_rule" "workers_from_workers" {
  #checkov:skip=CKV2_OCI_2:The source is the workers NSG itself, not 0.0.0.0/0; the flannel overlay (VXLAN) and pod traffic need every protocol between nodes.
  network_security_group_id = oci_core_network_security_group.this["workers"].id
  description               = "All traffic between worker nodes (pods, overlay network)"
  direction                 = "INGRESS"
  protocol                  = "all"
  source_type               = "NETWORK_SECURITY_GROUP"
  source                    = oci_core_network_security_group.this["workers"].id
  stateless                 = true
}

# Replies are stateful; egress is open so nodes can pull images (NAT) and reach Oracle services.
resource "oci_core_network_security_group_security_rule" "egress" {
  #checkov:skip=CKV2_OCI_2:An EGRESS rule: it lets nothing in, yet the check fails every protocol "all" rule whatever its direction. No ingress rule here is open to 0.0.0.0/0 or to port 3389.
  for_each                  = local.nsg_names
  network_security_group_id = oci_core_network_security_group.this[each.key].id
  description               = "Outbound traffic"
  direction                 = "EGRESS"
  protocol                  = "all"
  destination_type          = "CIDR_BLOCK"
  destination               = "0.0.0.0/0"
  stateless                 = false
}
