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
  description = "AMI of the workspace, resolved when the template was composed (see provenance.json)."
  type        = string
  validation {
    condition     = can(regex("^ami-[0-9a-f]{8,17}$", var.image_id))
    error_message = "image_id must be an AMI id (ami-<8 to 17 hex digits>); `npm run compose` resolves it from templates/artifacts.lock.yaml."
  }
}

# Coder wiring: what the composed template passes from coder_agent and coder_workspace.

variable "workspace_id" {
  description = "Coder workspace id."
  type        = string
}

variable "owner_id" {
  description = "Coder user id of the owner."
  type        = string
}

variable "start" {
  description = "Whether the workspace is started (data.coder_workspace.me.transition == \"start\")."
  type        = bool
}

variable "agent_init_script" {
  description = "coder_agent init_script (the agent authenticates with the instance identity, so no token)."
  type        = string
}

variable "coder_access_url" {
  description = "Coder's access URL (data.coder_workspace.me.access_url): the agent dials it over HTTPS."
  type        = string
}

# Capabilities the composition asks for (capabilities.tf says which are implemented).

variable "persistent_home" {
  description = "Keep /home/coder on its own encrypted gp3 volume."
  type        = bool
  default     = true
}

variable "network_egress" {
  description = "Outbound network: https-only or unrestricted. An EC2 workspace always needs HTTPS to reach coderd, so none is not offered."
  type        = string
  default     = "https-only"
  validation {
    condition     = contains(["https-only", "unrestricted"], var.network_egress)
    error_message = "network_egress must be https-only or unrestricted on EC2 (the agent dials coderd over HTTPS)."
  }
}

variable "os_distribution" {
  description = "The distribution the workspace runs; the composition passes the AMI of it as image_id (os-distribution)."
  type        = string
  default     = "amazon-linux-2023"
  validation {
    condition     = contains(["amazon-linux-2023", "ubuntu-22.04", "ubuntu-24.04"], var.os_distribution)
    error_message = "os_distribution must be amazon-linux-2023, ubuntu-22.04 or ubuntu-24.04."
  }
}

variable "gui_vnc" {
  description = "A Linux desktop in the browser: XFCE and KasmVNC installed at first boot, before the agent starts (gui-vnc). Ubuntu only."
  type        = bool
  default     = false
  validation {
    condition     = !var.gui_vnc || startswith(var.os_distribution, "ubuntu-")
    error_message = "gui_vnc needs an Ubuntu os_distribution: KasmVNC has no package for Amazon Linux."
  }
}

# Instance settings: written by the composition from the deployment's config.

variable "deployment_name" {
  description = "The deployment's name (tags, subnet lookup, instance profile prefix)."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type for the compute profile, chosen by the composition from the guide's instance catalog."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must look like m7i.xlarge."
  }
}

# Guarded setting: only an override with an explicit permit changes it (policies/overrides.yaml).

variable "instance_profile_name" {
  description = "Instance profile of the workspace. Empty: <deployment>-workspace-default, which has no AWS permissions."
  type        = string
  default     = ""
  validation {
    condition     = var.instance_profile_name == "" || startswith(var.instance_profile_name, "${var.deployment_name}-workspace-")
    error_message = "instance_profile_name must start with <deployment_name>-workspace- (the provisioner may pass only those roles)."
  }
}
