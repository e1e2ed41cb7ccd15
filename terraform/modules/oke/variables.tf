variable "compartment_id" {
  description = "OCID of the compartment that holds the cluster."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.(compartment|tenancy)\\.oc[0-9]+\\.", var.compartment_id))
    error_message = "compartment_id must be a compartment (or tenancy) OCID."
  }
}

variable "name_prefix" {
  description = "Prefix of every display name."
  type        = string
}

variable "vcn_id" {
  description = "OCID of the VCN."
  type        = string
}

variable "api_subnet_id" {
  description = "OCID of the subnet of the Kubernetes API endpoint."
  type        = string
}

variable "api_endpoint_public" {
  description = "Give the Kubernetes API endpoint a public IP (reachable only from admin_cidrs through its NSG). Needs api_subnet_id to be a public subnet."
  type        = bool
  default     = false
}

variable "api_nsg_ids" {
  description = "NSGs of the Kubernetes API endpoint."
  type        = list(string)
}

variable "workers_subnet_id" {
  description = "OCID of the private subnet of the worker nodes."
  type        = string
}

variable "workers_nsg_ids" {
  description = "NSGs of the worker nodes."
  type        = list(string)
}

variable "load_balancer_subnet_id" {
  description = "OCID of the subnet Kubernetes load balancers are placed in."
  type        = string
}

variable "kubernetes_version" {
  description = "Kubernetes version of the control plane and the nodes, e.g. v1.31.1 (one OKE supports)."
  type        = string
  default     = "v1.31.1"
  validation {
    condition     = can(regex("^v1\\.[0-9]+\\.[0-9]+$", var.kubernetes_version))
    error_message = "kubernetes_version must look like v1.31.1."
  }
}

variable "cluster_type" {
  description = "BASIC_CLUSTER (free control plane) or ENHANCED_CLUSTER (billed per hour, adds add-ons and SLA)."
  type        = string
  default     = "BASIC_CLUSTER"
  validation {
    condition     = contains(["BASIC_CLUSTER", "ENHANCED_CLUSTER"], var.cluster_type)
    error_message = "cluster_type must be BASIC_CLUSTER or ENHANCED_CLUSTER."
  }
}

variable "node_shape" {
  description = "Compute shape of the Flink worker nodes (flexible)."
  type        = string
  default     = "VM.Standard.E5.Flex"
  validation {
    condition     = endswith(var.node_shape, ".Flex")
    error_message = "node_shape must be a flexible shape (its OCPUs and memory are set by node_ocpus and node_memory_in_gbs)."
  }
}

variable "node_ocpus" {
  description = "OCPUs per worker node."
  type        = number
  default     = 2
  validation {
    condition     = var.node_ocpus >= 1 && var.node_ocpus <= 64
    error_message = "node_ocpus must be between 1 and 64."
  }
}

variable "node_memory_in_gbs" {
  description = "Memory per worker node, in GB."
  type        = number
  default     = 16
  validation {
    condition     = var.node_memory_in_gbs >= 4 && var.node_memory_in_gbs <= 1024
    error_message = "node_memory_in_gbs must be between 4 and 1024."
  }
}

variable "node_count" {
  description = "Worker nodes in the Flink node pool (one JobManager and the TaskManagers share them)."
  type        = number
  default     = 2
  validation {
    condition     = var.node_count >= 1 && var.node_count <= 100
    error_message = "node_count must be between 1 and 100."
  }
}

variable "kms_key_id" {
  description = "OCID of the customer-managed key for Kubernetes secrets and node boot volumes."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.key\\.", var.kms_key_id))
    error_message = "kms_key_id must be a KMS key OCID."
  }
}

variable "freeform_tags" {
  description = "Free-form tags put on every resource."
  type        = map(string)
  default     = {}
}
