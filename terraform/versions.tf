terraform {
  # Terraform >= 1.6 or OpenTofu >= 1.6 (CI validates with OpenTofu built from source).
  required_version = ">= 1.6.0"

  required_providers {
    oci = {
      source  = "oracle/oci"
      version = "~> 7.19"
    }
  }

  # State holds the database and object-storage secrets: keep it in an encrypted remote
  # backend in real use, e.g. an OCI Object Storage bucket through the s3 or oci backend:
  # backend "oci" {}
}
