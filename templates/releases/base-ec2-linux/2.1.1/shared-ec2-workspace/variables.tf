# Inputs of the EC2 workspace building block the EC2 bases share. The bases
# validate the contract; this module takes what they resolved.

variable "deployment_name" {
  description = "The deployment's name: tags every resource (the provisioner may only touch tagged ones) and prefixes instance profiles."
  type        = string
}

variable "workspace_id" {
  description = "Coder workspace id."
  type        = string
}

variable "name" {
  description = "Name tag of the workspace's resources."
  type        = string
}

variable "labels" {
  description = "Tags identifying workspace and owner."
  type        = map(string)
}

variable "start" {
  description = "Run (true) or stop (false) the instance; the instance and its home volume persist across stops."
  type        = bool
}

variable "ami_id" {
  description = "AMI the instance boots."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type."
  type        = string
}

variable "user_data_template" {
  description = "Path of the user data template (the agent bootstrap). Rendered here, so it can be given the home volume's id: the volume is created in this module."
  type        = string
}

variable "user_data_vars" {
  description = "Variables of the user data template; this module adds home_volume_id (empty without a home volume)."
  type        = any
  sensitive   = true
}

variable "home_gib" {
  description = "Size of the home volume in GiB; 0 for none."
  type        = number
}

variable "home_device" {
  description = "Device name the home volume is attached as."
  type        = string
  default     = "/dev/sdh"
}

variable "root_gib" {
  description = "Size of the root volume in GiB."
  type        = number
  default     = 50
}

variable "network_egress" {
  description = "https-only or unrestricted."
  type        = string
}

variable "instance_profile_name" {
  description = "Instance profile of the workspace (created by the identity stack, named <deployment>-workspace-*)."
  type        = string
}

variable "subnet_tier" {
  description = "Value of the coder.com/tier tag on the subnets workspaces launch into."
  type        = string
  default     = "workspace"
}
