# OCI Streaming with its Kafka-compatible endpoint: a private stream pool (reachable only
# from the VCN through its NSG) and the payments stream, which Kafka clients see as a topic.

resource "oci_streaming_stream_pool" "this" {
  compartment_id = var.compartment_id
  name           = "${var.name_prefix}-streams"
  freeform_tags  = var.freeform_tags

  kafka_settings {
    # Topics are declared here, with their partition count, never created by a client.
    auto_create_topics_enable = false
    num_partitions            = var.partitions
    log_retention_hours       = var.retention_hours
  }

  private_endpoint_settings {
    subnet_id = var.subnet_id
    nsg_ids   = var.nsg_ids
  }

  custom_encryption_key {
    kms_key_id = var.kms_key_id
  }
}

resource "oci_streaming_stream" "payments" {
  name               = var.stream_name
  partitions         = var.partitions
  retention_in_hours = var.retention_hours
  stream_pool_id     = oci_streaming_stream_pool.this.id
  freeform_tags      = var.freeform_tags
}
