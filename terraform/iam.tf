# What the managed services need in order to use the master key and the secrets on Strata's
# behalf. Scoped to the compartment, and to the one key or secret where the policy language
# allows it.
resource "oci_identity_policy" "services" {
  compartment_id = var.compartment_ocid
  name           = "${var.name_prefix}-service-access"
  description    = "Lets Object Storage, Block Volume, OKE, Streaming, PostgreSQL and Container Instances use Strata's key and secrets."
  freeform_tags  = var.freeform_tags

  statements = [
    "Allow service objectstorage-${var.region} to use keys in compartment id ${var.compartment_ocid} where target.key.id = '${module.vault.master_key_id}'",
    # Lifecycle rules delete old object versions as the Object Storage service.
    "Allow service objectstorage-${var.region} to manage object-family in compartment id ${var.compartment_ocid}",
    "Allow service blockstorage to use keys in compartment id ${var.compartment_ocid} where target.key.id = '${module.vault.master_key_id}'",
    "Allow service streaming to use keys in compartment id ${var.compartment_ocid} where target.key.id = '${module.vault.master_key_id}'",
    "Allow any-user to use keys in compartment id ${var.compartment_ocid} where ALL {request.principal.type = 'cluster', target.key.id = '${module.vault.master_key_id}'}",
    "Allow any-user to read secret-bundles in compartment id ${var.compartment_ocid} where ALL {request.principal.type = 'postgresqldbsystem', target.secret.id = '${module.vault.strata_db_password_secret_id}'}",
    "Allow any-user to read secret-bundles in compartment id ${var.compartment_ocid} where request.principal.type = 'computecontainerinstance'",
  ]
}
