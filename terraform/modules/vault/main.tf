# A Vault with one customer-managed master key. The key encrypts the buckets, the stream pool,
# the OKE secrets and node volumes, and the secrets below; the secrets hold the database
# passwords so that neither appears in a config file of a running service.

resource "oci_kms_vault" "this" {
  compartment_id = var.compartment_id
  display_name   = "${var.name_prefix}-vault"
  vault_type     = "DEFAULT"
  freeform_tags  = var.freeform_tags
}

resource "oci_kms_key" "master" {
  compartment_id      = var.compartment_id
  display_name        = "${var.name_prefix}-master-key"
  management_endpoint = oci_kms_vault.this.management_endpoint
  # HSM-protected AES-256: required by Object Storage, Streaming and Block Volume CMEK.
  protection_mode = "HSM"
  freeform_tags   = var.freeform_tags
  key_shape {
    algorithm = "AES"
    length    = 32
  }
}

resource "oci_vault_secret" "strata_db_password" {
  compartment_id = var.compartment_id
  vault_id       = oci_kms_vault.this.id
  key_id         = oci_kms_key.master.id
  secret_name    = "${var.name_prefix}-strata-db-password"
  description    = "Password of the PostgreSQL user strata (STRATA_JDBC_PASSWORD)."
  freeform_tags  = var.freeform_tags
  secret_content {
    content_type = "BASE64"
    content      = base64encode(var.strata_db_password)
  }
}

resource "oci_vault_secret" "mlflow_db_password" {
  compartment_id = var.compartment_id
  vault_id       = oci_kms_vault.this.id
  key_id         = oci_kms_key.master.id
  secret_name    = "${var.name_prefix}-mlflow-db-password"
  description    = "Password of the PostgreSQL role mlflow (MLflow backend store)."
  freeform_tags  = var.freeform_tags
  secret_content {
    content_type = "BASE64"
    content      = base64encode(var.mlflow_db_password)
  }
}
