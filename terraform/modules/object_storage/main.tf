# Two private buckets: Flink checkpoints/savepoints and MLflow artifacts. Both are versioned
# (an overwrite or delete can be undone), encrypted with the customer-managed key and emit
# object events for auditing; a lifecycle rule purges old versions so versioning of the
# checkpoint churn does not grow without bound.

data "oci_objectstorage_namespace" "this" {
  compartment_id = var.compartment_id
}

locals {
  namespace = data.oci_objectstorage_namespace.this.namespace
  buckets = {
    flink_checkpoints = "${var.name_prefix}-flink-checkpoints"
    mlflow_artifacts  = "${var.name_prefix}-mlflow-artifacts"
  }
}

resource "oci_objectstorage_bucket" "this" {
  for_each              = local.buckets
  compartment_id        = var.compartment_id
  namespace             = local.namespace
  name                  = each.value
  access_type           = "NoPublicAccess"
  storage_tier          = "Standard"
  versioning            = "Enabled"
  object_events_enabled = true
  kms_key_id            = var.kms_key_id
  freeform_tags         = var.freeform_tags
}

resource "oci_objectstorage_object_lifecycle_policy" "this" {
  for_each  = local.buckets
  namespace = local.namespace
  bucket    = oci_objectstorage_bucket.this[each.key].name

  rules {
    name        = "purge-previous-versions"
    action      = "DELETE"
    target      = "previous-object-versions"
    is_enabled  = true
    time_amount = var.noncurrent_version_retention_days
    time_unit   = "DAYS"
  }

  rules {
    name        = "abort-stale-multipart-uploads"
    action      = "ABORT"
    target      = "multipart-uploads"
    is_enabled  = true
    time_amount = 2
    time_unit   = "DAYS"
  }
}
