variable "compartment_id" {
  description = "OCID of the compartment that holds the network."
  type        = string
  validation {
    condition     = can(regex("^ocid1\\.(compartment|tenancy)\\.oc[0-9]+\\.", var.compartment_id))
    error_message = "compartment_id must be a compartment (or tenancy) OCID."
  }
}

variable "name_prefix" {
  description = "Prefix of every display name; also the VCN's DNS label."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,14}$", var.name_prefix))
    error_message = "name_prefix must be 2-15 lowercase letters or digits, starting with a letter (it is a DNS label)."
  }
}

variable "vcn_cidr" {
  description = "CIDR block of the VCN."
  type        = string
  default     = "10.20.0.0/16"
  validation {
    condition     = can(cidrhost(var.vcn_cidr, 0)) && tonumber(split("/", var.vcn_cidr)[1]) <= 24
    error_message = "vcn_cidr must be an IPv4 CIDR block of /24 or larger."
  }
}

variable "public_subnet_cidr" {
  description = "CIDR of the public subnet (load balancers and, if enabled, the Kubernetes API endpoint)."
  type        = string
  default     = "10.20.0.0/24"
  validation {
    condition     = can(cidrhost(var.public_subnet_cidr, 0))
    error_message = "public_subnet_cidr must be an IPv4 CIDR block."
  }
}

variable "private_subnet_cidr" {
  description = "CIDR of the private subnet (OKE workers, PostgreSQL, Streaming endpoint, MLflow)."
  type        = string
  default     = "10.20.16.0/20"
  validation {
    condition     = can(cidrhost(var.private_subnet_cidr, 0))
    error_message = "private_subnet_cidr must be an IPv4 CIDR block."
  }
}

variable "admin_cidrs" {
  description = "CIDR blocks allowed to reach the Kubernetes API endpoint (your office or VPN). Never 0.0.0.0/0."
  type        = list(string)
  default     = []
  validation {
    condition     = alltrue([for c in var.admin_cidrs : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    error_message = "admin_cidrs must be IPv4 CIDR blocks, and not 0.0.0.0/0."
  }
}

variable "freeform_tags" {
  description = "Free-form tags put on every resource."
  type        = map(string)
  default     = {}
}
