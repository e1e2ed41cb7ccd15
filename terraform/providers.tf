# Credentials come from the OCI CLI configuration (~/.oci/config, profile below) or from
# instance/resource principals, never from this repository.
provider "oci" {
  region              = var.region
  tenancy_ocid        = var.tenancy_ocid
  config_file_profile = var.oci_config_profile
}
