# An OKE cluster and one node pool for Flink. The Flink Kubernetes Operator and the session
# cluster it runs are Kubernetes resources (runners/flink/k8s), applied after this.

data "oci_identity_availability_domains" "this" {
  compartment_id = var.compartment_id
}

# OKE publishes node images per Kubernetes version; pick the newest plain x86 Oracle Linux one.
data "oci_containerengine_node_pool_option" "this" {
  node_pool_option_id = oci_containerengine_cluster.this.id
  compartment_id      = var.compartment_id
}

locals {
  k8s_version_number = trimprefix(var.kubernetes_version, "v")
  # (Conditions on one line: checkov's HCL parser rejects a for-expression's `if` split over lines.)
  node_images = [
    for s in data.oci_containerengine_node_pool_option.this.sources : s.image_id
    if s.source_type == "IMAGE" && strcontains(s.source_name, "OKE-${local.k8s_version_number}") && !strcontains(s.source_name, "aarch64") && !strcontains(s.source_name, "GPU")
  ]
}

resource "oci_containerengine_cluster" "this" {
  #checkov:skip=CKV2_OCI_6:PodSecurityPolicy was removed in Kubernetes 1.25 and OKE refuses it on the versions allowed here (Pod Security Admission replaces it; runners/flink/k8s labels the namespace "restricted").
  compartment_id     = var.compartment_id
  name               = "${var.name_prefix}-oke"
  kubernetes_version = var.kubernetes_version
  vcn_id             = var.vcn_id
  type               = var.cluster_type
  # Kubernetes secrets are encrypted at rest with the customer-managed key.
  kms_key_id    = var.kms_key_id
  freeform_tags = var.freeform_tags

  cluster_pod_network_options {
    cni_type = "FLANNEL_OVERLAY"
  }

  endpoint_config {
    subnet_id            = var.api_subnet_id
    is_public_ip_enabled = var.api_endpoint_public
    nsg_ids              = var.api_nsg_ids
  }

  options {
    service_lb_subnet_ids = [var.load_balancer_subnet_id]

    add_ons {
      is_kubernetes_dashboard_enabled = false
      is_tiller_enabled               = false
    }

    kubernetes_network_config {
      pods_cidr     = "10.244.0.0/16"
      services_cidr = "10.96.0.0/16"
    }
  }
}

resource "oci_containerengine_node_pool" "flink" {
  compartment_id     = var.compartment_id
  cluster_id         = oci_containerengine_cluster.this.id
  name               = "${var.name_prefix}-flink"
  kubernetes_version = var.kubernetes_version
  node_shape         = var.node_shape
  freeform_tags      = var.freeform_tags

  node_shape_config {
    ocpus         = var.node_ocpus
    memory_in_gbs = var.node_memory_in_gbs
  }

  node_source_details {
    source_type = "IMAGE"
    image_id    = local.node_images[0]
  }

  node_config_details {
    size    = var.node_count
    nsg_ids = var.workers_nsg_ids
    # Boot and block volumes: encrypted in transit, and at rest with the customer-managed key.
    is_pv_encryption_in_transit_enabled = true
    kms_key_id                          = var.kms_key_id
    freeform_tags                       = var.freeform_tags

    # Spread the nodes over every availability domain of the region.
    dynamic "placement_configs" {
      for_each = data.oci_identity_availability_domains.this.availability_domains
      content {
        availability_domain = placement_configs.value.name
        subnet_id           = var.workers_subnet_id
      }
    }
  }

  # The FlinkDeployment in runners/flink/k8s schedules onto nodes with this label.
  initial_node_labels {
    key   = "strata.io/pool"
    value = "flink"
  }

  lifecycle {
    precondition {
      condition     = length(local.node_images) > 0
      error_message = "OKE offers no x86 node image for Kubernetes ${var.kubernetes_version}: choose a supported version."
    }
  }
}
