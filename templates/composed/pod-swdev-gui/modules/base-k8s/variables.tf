# Contract inputs (templates/contract/contract-schema.yaml, v1.2).

variable "workspace_name" {
  description = "Workspace name, unique per owner."
  type        = string
  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$", var.workspace_name))
    error_message = "workspace_name must be 1-63 letters, digits or hyphens, starting with a letter or digit."
  }
}

variable "owner" {
  description = "Coder username of the workspace owner."
  type        = string
  validation {
    condition     = length(var.owner) > 0
    error_message = "owner must not be empty."
  }
}

variable "compute_profile" {
  description = "vCPUs, memory and persistent home size of the workspace."
  type = object({
    cpu     = number
    memory  = string
    storage = string
  })
  validation {
    condition     = var.compute_profile.cpu >= 1 && floor(var.compute_profile.cpu) == var.compute_profile.cpu
    error_message = "compute_profile.cpu must be a whole number of vCPUs, at least 1."
  }
  validation {
    condition     = can(regex("^[1-9][0-9]*Gi$", var.compute_profile.memory)) && can(regex("^[1-9][0-9]*Gi$", var.compute_profile.storage))
    error_message = "compute_profile.memory and compute_profile.storage must be whole Gi quantities, for example \"8Gi\"."
  }
}

variable "image_id" {
  description = "Container image of the toolchain, pinned by digest."
  type        = string
  validation {
    condition     = can(regex("^[^\\s@]+@sha256:[0-9a-f]{64}$", var.image_id))
    error_message = "image_id must be an image reference pinned by digest (repository@sha256:<64 hex>), so every workspace runs the recorded image."
  }
}

# Coder wiring: what the composed template passes from coder_agent and coder_workspace.

variable "workspace_id" {
  description = "Coder workspace id (labels and resource names)."
  type        = string
}

variable "owner_id" {
  description = "Coder user id of the owner (labels)."
  type        = string
}

variable "start" {
  description = "Whether the workspace is started (data.coder_workspace.me.start_count == 1)."
  type        = bool
}

variable "agent_token" {
  description = "coder_agent token."
  type        = string
  sensitive   = true
}

variable "agent_init_script" {
  description = "coder_agent init_script."
  type        = string
}

variable "coder_access_url" {
  description = "Coder's access URL (data.coder_workspace.me.access_url)."
  type        = string
}

# Capabilities the composition asks for (capabilities.tf says which are implemented).

variable "persistent_home" {
  description = "Keep /home/coder on a PersistentVolumeClaim across stops."
  type        = bool
  default     = true
}

variable "network_egress" {
  description = "Outbound network besides coderd and DNS: none, https-only or unrestricted."
  type        = string
  default     = "https-only"
  validation {
    condition     = contains(["none", "https-only", "unrestricted"], var.network_egress)
    error_message = "network_egress must be one of none, https-only, unrestricted."
  }
}

variable "runtime_env" {
  description = "Extra environment variables for the agent (from the toolchain)."
  type        = map(string)
  default     = {}
}

# Instance settings: written by the composition from the deployment's config.

variable "namespace" {
  description = "Namespace workspaces run in."
  type        = string
}

variable "node_group_label" {
  description = "Label and taint key of the workspace node group."
  type        = string
}

variable "node_group" {
  description = "Value of that label and taint on workspace nodes."
  type        = string
}

variable "storage_class" {
  description = "StorageClass of the home volume (encrypted gp3)."
  type        = string
}

variable "vpc_cidr" {
  description = "The VPC's CIDR: workspaces never reach into it except coderd."
  type        = string
  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "vpc_cidr must be an IPv4 CIDR such as 10.0.0.0/16."
  }
}

variable "coder_namespace" {
  description = "Namespace coderd runs in (agents dial it in-cluster)."
  type        = string
}

variable "coder_internal_url" {
  description = "coderd's in-cluster URL; the agent dials it instead of the public access URL. Empty keeps the access URL."
  type        = string
  default     = ""
}

variable "coderd_port" {
  description = "coderd's container port (NetworkPolicy ports are pod ports)."
  type        = number
}

# Guarded settings: only an override with an explicit permit changes them (policies/overrides.yaml).

variable "service_account_name" {
  description = "Service account of the workspace pod. Empty: the per-workspace account without AWS rights."
  type        = string
  default     = ""
}

variable "allow_privilege_escalation" {
  description = "Allow setuid binaries such as sudo in the workspace container."
  type        = bool
  default     = false
}
