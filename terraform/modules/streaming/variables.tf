variable "compartment_id" {
  description = "OCID of the compartment that holds the stream pool."
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

variable "subnet_id" {
  description = "OCID of the private subnet of the stream pool's private endpoint."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.subnet\\.", var.subnet_id))
    error_message = "subnet_id must be a subnet OCID."
  }
}

variable "nsg_ids" {
  description = "OCIDs of the network security groups of the private endpoint."
  type        = list(string)
}

variable "kms_key_id" {
  description = "OCID of the customer-managed key that encrypts the stream pool."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.key\\.", var.kms_key_id))
    error_message = "kms_key_id must be a KMS key OCID."
  }
}

variable "stream_name" {
  description = "Name of the stream (the Kafka topic) Strata reads payments from."
  type        = string
  default     = "payments"
  validation {
    condition     = can(regex("^[a-zA-Z0-9._-]{1,255}$", var.stream_name))
    error_message = "stream_name must be a valid Kafka topic name."
  }
}

variable "partitions" {
  description = "Partitions of the stream; Strata's default is 3."
  type        = number
  default     = 3
  validation {
    condition     = var.partitions >= 1 && var.partitions <= 50 && floor(var.partitions) == var.partitions
    error_message = "partitions must be a whole number between 1 and 50."
  }
}

variable "retention_hours" {
  description = "Hours a message is kept (OCI Streaming allows 24 to 168)."
  type        = number
  default     = 24
  validation {
    condition     = var.retention_hours >= 24 && var.retention_hours <= 168
    error_message = "retention_hours must be between 24 and 168."
  }
}

variable "freeform_tags" {
  description = "Free-form tags put on every resource."
  type        = map(string)
  default     = {}
}
