output "vault_id" {
  description = "OCID of the vault."
  value       = oci_kms_vault.this.id
}

output "master_key_id" {
  description = "OCID of the master encryption key."
  value       = oci_kms_key.master.id
}

output "strata_db_password_secret_id" {
  description = "OCID of the secret holding the strata user's password."
  value       = oci_vault_secret.strata_db_password.id
}

output "strata_db_password_secret_version" {
  description = "Current version number of that secret."
  value       = oci_vault_secret.strata_db_password.current_version_number
}

output "mlflow_db_password_secret_id" {
  description = "OCID of the secret holding the mlflow role's password."
  value       = oci_vault_secret.mlflow_db_password.id
}
