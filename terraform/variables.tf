variable "tenancy_ocid" {
  description = "OCID of the tenancy (IAM policies and the Object Storage namespace live at its level)."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.tenancy\\.oc[0-9]+\\.", var.tenancy_ocid))
    error_message = "tenancy_ocid must be a tenancy OCID (ocid1.tenancy.oc1..…)."
  }
}

variable "compartment_ocid" {
  description = "OCID of the compartment every Strata resource is created in."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.(compartment|tenancy)\\.oc[0-9]+\\.", var.compartment_ocid))
    error_message = "compartment_ocid must be a compartment (or tenancy) OCID."
  }
}

variable "region" {
  description = "OCI region identifier, e.g. eu-frankfurt-1."
  type        = string
  validation {
    condition     = can(regex("^[a-z]+-[a-z]+-[0-9]+$", var.region))
    error_message = "region must be an OCI region identifier such as eu-frankfurt-1."
  }
}

variable "oci_config_profile" {
  description = "Profile of ~/.oci/config that holds the API key to deploy with."
  type        = string
  default     = "DEFAULT"
  validation {
    condition     = length(var.oci_config_profile) > 0
    error_message = "oci_config_profile must not be empty."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource's name; also the VCN's DNS label."
  type        = string
  default     = "strata"
  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,14}$", var.name_prefix))
    error_message = "name_prefix must be 2-15 lowercase letters or digits, starting with a letter."
  }
}

variable "admin_cidrs" {
  description = "CIDR blocks allowed to reach the Kubernetes API (kubectl, helm). Never 0.0.0.0/0."
  type        = list(string)
  default     = []
  validation {
    condition     = alltrue([for c in var.admin_cidrs : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    error_message = "admin_cidrs must be IPv4 CIDR blocks, and not 0.0.0.0/0."
  }
}

variable "kubernetes_api_public" {
  description = "Put the Kubernetes API endpoint in the public subnet with a public IP (still limited to admin_cidrs). false keeps it private: reach it through OCI Bastion or a VPN."
  type        = bool
  default     = false
}

variable "kubernetes_version" {
  description = "Kubernetes version of the OKE cluster and its nodes."
  type        = string
  default     = "v1.31.1"
  validation {
    condition     = can(regex("^v1\\.[0-9]+\\.[0-9]+$", var.kubernetes_version))
    error_message = "kubernetes_version must look like v1.31.1."
  }
}

variable "flink_node_count" {
  description = "Worker nodes in the Flink node pool."
  type        = number
  default     = 2
  validation {
    condition     = var.flink_node_count >= 1 && var.flink_node_count <= 100
    error_message = "flink_node_count must be between 1 and 100."
  }
}

variable "flink_node_ocpus" {
  description = "OCPUs per Flink worker node."
  type        = number
  default     = 2
  validation {
    condition     = var.flink_node_ocpus >= 1 && var.flink_node_ocpus <= 64
    error_message = "flink_node_ocpus must be between 1 and 64."
  }
}

variable "flink_node_memory_in_gbs" {
  description = "Memory per Flink worker node, in GB."
  type        = number
  default     = 16
  validation {
    condition     = var.flink_node_memory_in_gbs >= 4 && var.flink_node_memory_in_gbs <= 1024
    error_message = "flink_node_memory_in_gbs must be between 4 and 1024."
  }
}

variable "flink_namespace" {
  description = "Kubernetes namespace of the Flink session cluster (as in runners/flink/k8s)."
  type        = string
  default     = "strata"
  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.flink_namespace))
    error_message = "flink_namespace must be a Kubernetes namespace name."
  }
}

variable "flink_deployment_name" {
  description = "Name of the FlinkDeployment (as in runners/flink/k8s); its REST service is <name>-rest."
  type        = string
  default     = "strata-flink"
  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,43}[a-z0-9])?$", var.flink_deployment_name))
    error_message = "flink_deployment_name must be a DNS label of at most 45 characters."
  }
}

variable "postgres_ocpus" {
  description = "OCPUs per PostgreSQL node."
  type        = number
  default     = 2
  validation {
    condition     = var.postgres_ocpus >= 1 && var.postgres_ocpus <= 64
    error_message = "postgres_ocpus must be between 1 and 64."
  }
}

variable "postgres_memory_in_gbs" {
  description = "Memory per PostgreSQL node, in GB."
  type        = number
  default     = 32
  validation {
    condition     = var.postgres_memory_in_gbs >= 16 && var.postgres_memory_in_gbs <= 1024
    error_message = "postgres_memory_in_gbs must be between 16 and 1024."
  }
}

variable "strata_db_password" {
  description = "Password of the PostgreSQL user strata (STRATA_JDBC_PASSWORD). Pass it as TF_VAR_strata_db_password, not in a file."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.strata_db_password) >= 12 && length(var.strata_db_password) <= 32
    error_message = "strata_db_password must be 12 to 32 characters."
  }
}

variable "mlflow_db_password" {
  description = "Password of the PostgreSQL role mlflow. Pass it as TF_VAR_mlflow_db_password."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.mlflow_db_password) >= 12
    error_message = "mlflow_db_password must be at least 12 characters."
  }
}

variable "mlflow_image_url" {
  description = "MLflow image in OCIR, built from runners/docker/mlflow.Dockerfile, with a version tag."
  type        = string
  validation {
    condition     = can(regex("^[^/]+/.+:[A-Za-z0-9._-]+$", var.mlflow_image_url)) && !endswith(var.mlflow_image_url, ":latest")
    error_message = "mlflow_image_url must be a registry path with a version tag (not :latest)."
  }
}

variable "mlflow_image_pull_secret_id" {
  description = "Vault secret with OCIR credentials when the MLflow image repository is private; null if it is public."
  type        = string
  default     = null
}

variable "object_storage_access_key_id" {
  description = "Access key of an OCI customer secret key (S3-compatible API) that MLflow and Flink use for their buckets. Pass as TF_VAR_object_storage_access_key_id."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.object_storage_access_key_id) > 0
    error_message = "object_storage_access_key_id must not be empty."
  }
}

variable "object_storage_secret_key" {
  description = "Secret of that customer secret key. Pass as TF_VAR_object_storage_secret_key."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.object_storage_secret_key) > 0
    error_message = "object_storage_secret_key must not be empty."
  }
}

variable "freeform_tags" {
  description = "Free-form tags put on every resource."
  type        = map(string)
  default     = { project = "strata" }
}
