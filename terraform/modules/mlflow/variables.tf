variable "compartment_id" {
  description = "OCID of the compartment that holds the container instance."
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

variable "availability_domain" {
  description = "Availability domain of the container instance."
  type        = string
}

variable "subnet_id" {
  description = "OCID of the private subnet of the container instance."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.subnet\\.", var.subnet_id))
    error_message = "subnet_id must be a subnet OCID."
  }
}

variable "subnet_domain_name" {
  description = "DNS domain of that subnet; the tracking URI uses the instance's name in it."
  type        = string
}

variable "nsg_ids" {
  description = "NSGs of the container instance."
  type        = list(string)
}

variable "image_url" {
  description = "MLflow server image built from runners/docker/mlflow.Dockerfile and pushed to OCIR, e.g. fra.ocir.io/<namespace>/strata/mlflow:2.17.2."
  type        = string
  validation {
    condition     = can(regex("^[^/]+/.+:[A-Za-z0-9._-]+$", var.image_url)) && !endswith(var.image_url, ":latest")
    error_message = "image_url must be a registry path with a version tag (not :latest)."
  }
}

variable "image_pull_secret_id" {
  description = "OCID of a Vault secret with the OCIR user name and auth token, when the image repository is private; null for a public repository."
  type        = string
  default     = null
  validation {
    condition     = var.image_pull_secret_id == null || can(regex("^ocid1\\.vaultsecret\\.", var.image_pull_secret_id))
    error_message = "image_pull_secret_id must be a Vault secret OCID or null."
  }
}

variable "ocpus" {
  description = "OCPUs of the container instance."
  type        = number
  default     = 1
  validation {
    condition     = var.ocpus >= 1 && var.ocpus <= 16
    error_message = "ocpus must be between 1 and 16."
  }
}

variable "memory_in_gbs" {
  description = "Memory of the container instance, in GB."
  type        = number
  default     = 4
  validation {
    condition     = var.memory_in_gbs >= 1 && var.memory_in_gbs <= 64
    error_message = "memory_in_gbs must be between 1 and 64."
  }
}

variable "db_host" {
  description = "Host of the PostgreSQL server holding the backend database."
  type        = string
}

variable "db_name" {
  description = "Backend store database on that server."
  type        = string
  default     = "mlflow"
}

variable "db_user" {
  description = "PostgreSQL role MLflow connects as."
  type        = string
  default     = "mlflow"
}

variable "db_password" {
  description = "Password of that role (also kept in the Vault)."
  type        = string
  sensitive   = true
}

variable "artifacts_bucket" {
  description = "Object Storage bucket that MLflow stores artifacts in (served to clients with --serve-artifacts)."
  type        = string
}

variable "s3_endpoint" {
  description = "S3-compatible endpoint of Object Storage."
  type        = string
  validation {
    condition     = startswith(var.s3_endpoint, "https://")
    error_message = "s3_endpoint must be an https URL."
  }
}

variable "s3_access_key_id" {
  description = "Access key of an OCI customer secret key allowed to write the artifacts bucket."
  type        = string
  sensitive   = true
}

variable "s3_secret_access_key" {
  description = "Secret of that customer secret key."
  type        = string
  sensitive   = true
}

variable "region" {
  description = "OCI region identifier (the S3 signing region)."
  type        = string
}

variable "freeform_tags" {
  description = "Free-form tags put on every resource."
  type        = map(string)
  default     = {}
}
