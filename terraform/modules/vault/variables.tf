variable "compartment_id" {
  description = "OCID of the compartment that holds the vault, its key and its secrets."
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

variable "strata_db_password" {
  description = "Password of the PostgreSQL admin user `strata`: stored as a Vault secret, which the database service reads."
  type        = string
  sensitive   = true
  validation {
    # OCI Database with PostgreSQL: 8-32 characters with upper, lower, digit and special.
    condition = (length(var.strata_db_password) >= 12 && length(var.strata_db_password) <= 32
      && can(regex("[A-Z]", var.strata_db_password)) && can(regex("[a-z]", var.strata_db_password))
    && can(regex("[0-9]", var.strata_db_password)) && can(regex("[^A-Za-z0-9]", var.strata_db_password)))
    error_message = "strata_db_password must be 12-32 characters with upper and lower case letters, a digit and a special character."
  }
}

variable "mlflow_db_password" {
  description = "Password of the PostgreSQL role `mlflow` (MLflow's backend store), kept in the Vault beside the other."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.mlflow_db_password) >= 12 && can(regex("^[A-Za-z0-9._~-]+$", var.mlflow_db_password))
    error_message = "mlflow_db_password must be at least 12 characters of A-Z a-z 0-9 . _ ~ - (it goes into a URL)."
  }
}

variable "freeform_tags" {
  description = "Free-form tags put on every resource."
  type        = map(string)
  default     = {}
}
