# Strata on Oracle Cloud: the same services as docker-compose.yml, managed.
#
#   docker-compose service   here
#   postgres                 module.postgresql  (OCI Database with PostgreSQL)
#   kafka + kafka-init       module.streaming   (OCI Streaming, Kafka-compatible, stream "payments")
#   mlflow                   module.mlflow      (OCI Container Instances)
#   flink-*                  module.oke         (OKE; Flink itself from runners/flink/k8s)
#   volumes                  module.object_storage (checkpoints, artifacts)
#   .env                     module.vault       (passwords as Vault secrets)

data "oci_identity_availability_domains" "this" {
  compartment_id = var.tenancy_ocid
}

module "network" {
  source         = "./modules/network"
  compartment_id = var.compartment_ocid
  name_prefix    = var.name_prefix
  admin_cidrs    = var.admin_cidrs
  freeform_tags  = var.freeform_tags
}

module "vault" {
  source             = "./modules/vault"
  compartment_id     = var.compartment_ocid
  name_prefix        = var.name_prefix
  strata_db_password = var.strata_db_password
  mlflow_db_password = var.mlflow_db_password
  freeform_tags      = var.freeform_tags
}

module "object_storage" {
  source         = "./modules/object_storage"
  compartment_id = var.compartment_ocid
  name_prefix    = var.name_prefix
  region         = var.region
  kms_key_id     = module.vault.master_key_id
  freeform_tags  = var.freeform_tags

  # The services must be allowed to use the key before a bucket can be encrypted with it.
  depends_on = [oci_identity_policy.services]
}

module "postgresql" {
  source                  = "./modules/postgresql"
  compartment_id          = var.compartment_ocid
  name_prefix             = var.name_prefix
  subnet_id               = module.network.private_subnet_id
  nsg_ids                 = [module.network.nsg_ids["postgres"]]
  ocpus                   = var.postgres_ocpus
  memory_in_gbs           = var.postgres_memory_in_gbs
  password_secret_id      = module.vault.strata_db_password_secret_id
  password_secret_version = module.vault.strata_db_password_secret_version
  freeform_tags           = var.freeform_tags

  depends_on = [oci_identity_policy.services]
}

module "streaming" {
  source         = "./modules/streaming"
  compartment_id = var.compartment_ocid
  name_prefix    = var.name_prefix
  subnet_id      = module.network.private_subnet_id
  nsg_ids        = [module.network.nsg_ids["streaming"]]
  kms_key_id     = module.vault.master_key_id
  freeform_tags  = var.freeform_tags

  depends_on = [oci_identity_policy.services]
}

module "oke" {
  source                  = "./modules/oke"
  compartment_id          = var.compartment_ocid
  name_prefix             = var.name_prefix
  vcn_id                  = module.network.vcn_id
  api_subnet_id           = var.kubernetes_api_public ? module.network.public_subnet_id : module.network.private_subnet_id
  api_endpoint_public     = var.kubernetes_api_public
  api_nsg_ids             = [module.network.nsg_ids["oke_api"]]
  workers_subnet_id       = module.network.private_subnet_id
  workers_nsg_ids         = [module.network.nsg_ids["workers"]]
  load_balancer_subnet_id = module.network.public_subnet_id
  kubernetes_version      = var.kubernetes_version
  node_count              = var.flink_node_count
  node_ocpus              = var.flink_node_ocpus
  node_memory_in_gbs      = var.flink_node_memory_in_gbs
  kms_key_id              = module.vault.master_key_id
  freeform_tags           = var.freeform_tags

  depends_on = [oci_identity_policy.services]
}

module "mlflow" {
  source               = "./modules/mlflow"
  compartment_id       = var.compartment_ocid
  name_prefix          = var.name_prefix
  availability_domain  = data.oci_identity_availability_domains.this.availability_domains[0].name
  subnet_id            = module.network.private_subnet_id
  subnet_domain_name   = module.network.private_subnet_domain_name
  nsg_ids              = [module.network.nsg_ids["mlflow"]]
  image_url            = var.mlflow_image_url
  image_pull_secret_id = var.mlflow_image_pull_secret_id
  db_host              = module.postgresql.host
  db_password          = var.mlflow_db_password
  artifacts_bucket     = module.object_storage.mlflow_artifacts_bucket
  s3_endpoint          = module.object_storage.s3_endpoint
  s3_access_key_id     = var.object_storage_access_key_id
  s3_secret_access_key = var.object_storage_secret_key
  region               = var.region
  freeform_tags        = var.freeform_tags
}
