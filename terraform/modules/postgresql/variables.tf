variable "compartment_id" {
  description = "OCID of the compartment that holds the database system."
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
  description = "OCID of the private subnet the database endpoint is placed in."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.subnet\\.", var.subnet_id))
    error_message = "subnet_id must be a subnet OCID."
  }
}

variable "nsg_ids" {
  description = "OCIDs of the network security groups of the database endpoint."
  type        = list(string)
}

variable "db_version" {
  description = "PostgreSQL major version."
  type        = string
  default     = "16"
  validation {
    condition     = contains(["14", "15", "16"], var.db_version)
    error_message = "db_version must be one of 14, 15, 16."
  }
}

variable "shape" {
  description = "Database system shape (flexible: OCPUs and memory are set below)."
  type        = string
  default     = "PostgreSQL.VM.Standard.E5.Flex"
  validation {
    condition     = startswith(var.shape, "PostgreSQL.")
    error_message = "shape must be an OCI Database with PostgreSQL shape (PostgreSQL.*)."
  }
}

variable "ocpus" {
  description = "OCPUs per database node."
  type        = number
  default     = 2
  validation {
    condition     = var.ocpus >= 1 && var.ocpus <= 64 && floor(var.ocpus) == var.ocpus
    error_message = "ocpus must be a whole number between 1 and 64."
  }
}

variable "memory_in_gbs" {
  description = "Memory per database node, in GB (at least 16 GB per OCPU... see the shape's limits)."
  type        = number
  default     = 32
  validation {
    condition     = var.memory_in_gbs >= 16 && var.memory_in_gbs <= 1024
    error_message = "memory_in_gbs must be between 16 and 1024."
  }
}

variable "instance_count" {
  description = "Database nodes: 1 primary, plus up to 3 read replicas."
  type        = number
  default     = 1
  validation {
    condition     = var.instance_count >= 1 && var.instance_count <= 4
    error_message = "instance_count must be between 1 and 4."
  }
}

variable "admin_username" {
  description = "Admin user of the database system; Strata connects as this user (--jdbcUser)."
  type        = string
  default     = "strata"
  validation {
    condition     = can(regex("^[a-z_][a-z0-9_]{0,62}$", var.admin_username)) && !contains(["postgres", "admin"], var.admin_username)
    error_message = "admin_username must be a lowercase PostgreSQL identifier other than postgres or admin."
  }
}

variable "database_name" {
  description = "Database Strata uses (created once after apply; see the README)."
  type        = string
  default     = "strata"
  validation {
    condition     = can(regex("^[a-z_][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must be a lowercase PostgreSQL identifier."
  }
}

variable "password_secret_id" {
  description = "OCID of the Vault secret that holds the admin user's password."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.vaultsecret\\.", var.password_secret_id))
    error_message = "password_secret_id must be a Vault secret OCID."
  }
}

variable "password_secret_version" {
  description = "Version of that secret to use."
  type        = string
}

variable "backup_retention_days" {
  description = "Days that daily backups are kept."
  type        = number
  default     = 7
  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 1 and 35."
  }
}

variable "freeform_tags" {
  description = "Free-form tags put on every resource."
  type        = map(string)
  default     = {}
}
