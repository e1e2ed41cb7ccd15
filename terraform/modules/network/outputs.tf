output "vcn_id" {
  description = "OCID of the VCN."
  value       = oci_core_vcn.this.id
}

output "public_subnet_id" {
  description = "OCID of the public subnet."
  value       = oci_core_subnet.public.id
}

output "private_subnet_id" {
  description = "OCID of the private subnet."
  value       = oci_core_subnet.private.id
}

output "private_subnet_domain_name" {
  description = "DNS domain of the private subnet, e.g. private.strata.oraclevcn.com."
  value       = oci_core_subnet.private.subnet_domain_name
}

output "nsg_ids" {
  description = "OCID of each component's network security group, by component."
  value       = { for k, nsg in oci_core_network_security_group.this : k => nsg.id }
}
