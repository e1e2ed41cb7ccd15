variable "compartment_id" {
  description = "OCID of the compartment that holds the buckets."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.(compartment|tenancy)\\.oc[0-9]+\\.", var.compartment_id))
    error_message = "compartment_id must be a compartment (or tenancy) OCID."
  }
}

variable "name_prefix" {
  description = "Prefix of the bucket names (bucket names are unique per namespace)."
  type        = string
}

variable "region" {
  description = "OCI region identifier, for the S3-compatible endpoint URL."
  type        = string
}

variable "kms_key_id" {
  description = "OCID of the customer-managed key that encrypts the buckets."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.key\\.", var.kms_key_id))
    error_message = "kms_key_id must be a KMS key OCID."
  }
}

variable "noncurrent_version_retention_days" {
  description = "Days an overwritten or deleted object version is kept before it is purged."
  type        = number
  default     = 7
  validation {
    condition     = var.noncurrent_version_retention_days >= 1 && var.noncurrent_version_retention_days <= 365
    error_message = "noncurrent_version_retention_days must be between 1 and 365."
  }
}

variable "freeform_tags" {
  description = "Free-form tags put on every resource."
  type        = map(string)
  default     = {}
}
