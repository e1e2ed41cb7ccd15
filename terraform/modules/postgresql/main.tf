# OCI Database with PostgreSQL: a managed PostgreSQL in the private subnet, reachable only
# through its NSG. The admin password is never in Terraform's configuration: the service
# reads it from the Vault secret.

resource "oci_psql_db_system" "this" {
  compartment_id              = var.compartment_id
  display_name                = "${var.name_prefix}-postgres"
  db_version                  = var.db_version
  shape                       = var.shape
  instance_ocpu_count         = var.ocpus
  instance_memory_size_in_gbs = var.memory_in_gbs
  instance_count              = var.instance_count
  freeform_tags               = var.freeform_tags

  credentials {
    username = var.admin_username
    password_details {
      password_type  = "VAULT_SECRET"
      secret_id      = var.password_secret_id
      secret_version = var.password_secret_version
    }
  }

  network_details {
    subnet_id = var.subnet_id
    nsg_ids   = var.nsg_ids
  }

  # Regionally durable storage survives the loss of an availability domain.
  storage_details {
    is_regionally_durable = true
    system_type           = "OCI_OPTIMIZED_STORAGE"
  }

  management_policy {
    maintenance_window_start = "SUN 03:00"
    backup_policy {
      kind           = "DAILY"
      backup_start   = "02:00"
      retention_days = var.backup_retention_days
    }
  }
}

locals {
  host = oci_psql_db_system.this.network_details[0].primary_db_endpoint_private_ip
}
