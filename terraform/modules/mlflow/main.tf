# The MLflow tracking server on OCI Container Instances (no cluster to run for one server).
# Backend store: the `mlflow` database on OCI Database with PostgreSQL. Artifacts: an Object
# Storage bucket through its S3-compatible API, proxied by the server (--serve-artifacts) so
# that Strata needs neither Python nor storage credentials.

locals {
  hostname = "mlflow"
}

resource "oci_container_instances_container_instance" "this" {
  compartment_id           = var.compartment_id
  availability_domain      = var.availability_domain
  display_name             = "${var.name_prefix}-mlflow"
  shape                    = "CI.Standard.E4.Flex"
  container_restart_policy = "ALWAYS"
  freeform_tags            = var.freeform_tags

  shape_config {
    ocpus         = var.ocpus
    memory_in_gbs = var.memory_in_gbs
  }

  vnics {
    subnet_id              = var.subnet_id
    nsg_ids                = var.nsg_ids
    hostname_label         = local.hostname
    is_public_ip_assigned  = false
    skip_source_dest_check = false
  }

  dynamic "image_pull_secrets" {
    for_each = var.image_pull_secret_id == null ? [] : [var.image_pull_secret_id]
    content {
      secret_type       = "VAULT"
      registry_endpoint = split("/", var.image_url)[0]
      secret_id         = image_pull_secrets.value
    }
  }

  containers {
    display_name = "mlflow"
    image_url    = var.image_url
    command      = ["mlflow", "server"]
    arguments = [
      "--host=0.0.0.0",
      "--port=5000",
      "--serve-artifacts",
      "--artifacts-destination=s3://${var.artifacts_bucket}/",
    ]
    # Container Instances take no secret references in the environment: these values come
    # from sensitive variables and live in the (remote, encrypted) state, nowhere else.
    environment_variables = {
      MLFLOW_BACKEND_STORE_URI = "postgresql+psycopg2://${var.db_user}:${urlencode(var.db_password)}@${var.db_host}:5432/${var.db_name}"
      MLFLOW_S3_ENDPOINT_URL   = var.s3_endpoint
      AWS_ACCESS_KEY_ID        = var.s3_access_key_id
      AWS_SECRET_ACCESS_KEY    = var.s3_secret_access_key
      AWS_DEFAULT_REGION       = var.region
    }

    health_checks {
      name                     = "mlflow-health"
      health_check_type        = "HTTP"
      port                     = 5000
      path                     = "/health"
      initial_delay_in_seconds = 30
      interval_in_seconds      = 10
      failure_threshold        = 6
      failure_action           = "KILL"
    }

    security_context {
      security_context_type          = "LINUX"
      is_non_root_user_check_enabled = true
      run_as_user                    = 10001
    }
  }
}
