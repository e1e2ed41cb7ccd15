output "db_system_id" {
  description = "OCID of the database system."
  value       = oci_psql_db_system.this.id
}

output "host" {
  description = "Private IP of the primary endpoint."
  value       = local.host
}

output "port" {
  description = "PostgreSQL port."
  value       = 5432
}

output "jdbc_url" {
  description = "Strata's --jdbcUrl."
  value       = "jdbc:postgresql://${local.host}:5432/${var.database_name}"
}

output "admin_username" {
  description = "Strata's --jdbcUser."
  value       = var.admin_username
}
