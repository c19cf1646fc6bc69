# Composed by `npm run compose` from windev-toolchain@1.1.0 and base-ec2-windows@2.2.0
# (contract 1.2) for the deployment coder-prod. Do not edit: change a layer
# or templates/compositions.yaml and compose again. provenance.json records what was resolved.
#
# ARTIFACTS ARE EXAMPLES (templates/artifacts.lock.yaml, source: example): resolve
# them for your account before pushing this template.

terraform {
  required_version = ">= 1.9"
  required_providers {
    coder = {
      source  = "coder/coder"
      version = "~> 2.18"
    }
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 7.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7"
    }
  }
}

# Credentials: the provisioner's Pod Identity role, which may launch only tagged
# workspaces into the workspace subnets.
provider "aws" {
  region = "us-east-1"

  default_tags {
    tags = {
      "coder.com/deployment" = "coder-prod"
    }
  }
}

variable "compute_profile" {
  description = "Default compute profile; the coder stack sets it for each t-shirt size template."
  type        = string
  default     = "windev-medium"
  validation {
    condition     = contains(["windev-medium", "windev-large"], var.compute_profile)
    error_message = "compute_profile must be one of windev-medium, windev-large."
  }
}

locals {
  provenance = {
    contract  = "1.2"
    toolchain = "windev-toolchain@1.1.0"
    base      = "base-ec2-windows@2.2.0"
    image_id  = "ami-00000000000000000"
    artifacts = "example"
  }

  compute_profiles = {
    windev-medium = {
      display_name  = "Windows Dev Medium"
      cpu           = 4
      memory_gib    = 16
      home_gib      = 100
      instance_type = "m7i.xlarge"
    }
    windev-large = {
      display_name  = "Windows Dev Large"
      cpu           = 8
      memory_gib    = 32
      home_gib      = 100
      instance_type = "m7i.2xlarge"
    }
  }
  profile = local.compute_profiles[data.coder_parameter.compute_profile.value]

  # Versions from toolchain.yaml, for the bootstrap script and the tests.
  toolchain_env = {
    TOOLCHAIN_CSHARP_VERSION             = "12"
    TOOLCHAIN_DOTNET_SDK_VERSION         = "8.0"
    TOOLCHAIN_VISUAL_STUDIO_2022_VERSION = "17"
    TOOLCHAIN_GIT_VERSION                = "2"
    TOOLCHAIN_AZURE_CLI_VERSION          = "2"
    TOOLCHAIN_POWERSHELL_VERSION         = "7.4"
  }
}

data "coder_provisioner" "me" {}
data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

data "coder_parameter" "compute_profile" {
  name         = "compute_profile"
  display_name = "Compute profile"
  description  = "vCPUs, memory and home size of the workspace."
  type         = "string"
  form_type    = "radio"
  default      = var.compute_profile
  mutable      = false
  order        = 1

  option {
    name        = "Windows Dev Medium"
    value       = "windev-medium"
    description = "4 vCPU, 16 GiB memory, 100 GiB home (m7i.xlarge)"
  }

  option {
    name        = "Windows Dev Large"
    value       = "windev-large"
    description = "8 vCPU, 32 GiB memory, 100 GiB home (m7i.2xlarge)"
  }
}

resource "coder_agent" "main" {
  os                      = "windows"
  arch                    = "amd64"
  auth                    = "aws-instance-identity"
  startup_script_behavior = "non-blocking"
  startup_script          = file("${path.module}/toolchain/bootstrap/install.ps1")
  env                     = merge(local.toolchain_env, module.base.runtime_env)
  troubleshooting_url     = "https://coder.com/docs/admin/templates/troubleshooting"

  display_apps {
    vscode                 = false
    vscode_insiders        = false
    web_terminal           = true
    ssh_helper             = false
    port_forwarding_helper = true
  }

  metadata {
    display_name = "CPU usage"
    key          = "cpu"
    script       = "coder stat cpu"
    interval     = 10
    timeout      = 1
  }

  metadata {
    display_name = "Memory usage"
    key          = "memory"
    script       = "coder stat mem"
    interval     = 10
    timeout      = 1
  }
}

module "base" {
  source = "./modules/base-ec2-windows"

  # Contract inputs (contract 1.2)
  workspace_name = data.coder_workspace.me.name
  owner          = data.coder_workspace_owner.me.name
  compute_profile = {
    cpu     = local.profile.cpu
    memory  = "${local.profile.memory_gib}Gi"
    storage = "${local.profile.home_gib}Gi"
  }
  image_id = local.provenance.image_id

  # Coder wiring
  workspace_id      = data.coder_workspace.me.id
  owner_id          = data.coder_workspace_owner.me.id
  start             = data.coder_workspace.me.transition == "start"
  agent_init_script = coder_agent.main.init_script
  coder_access_url  = data.coder_workspace.me.access_url
  instance_type     = local.profile.instance_type

  # Capabilities
  persistent_home = true
  network_egress  = "https-only"

  # This deployment
  deployment_name = "coder-prod"
}

module "amazon_dcv_windows" {
  count          = data.coder_workspace.me.start_count
  source         = "registry.coder.com/coder/amazon-dcv-windows/coder"
  version        = "1.1.2"
  agent_id       = coder_agent.main.id
  admin_password = module.base.admin_password
  order          = 1
}

# Provenance and what the base resolved, on the workspace page. daily_cost: one
# quota credit per vCPU per day.
resource "coder_metadata" "workspace" {
  resource_id = module.base.resource_id
  daily_cost  = local.profile.cpu

  item {
    key   = "toolchain"
    value = local.provenance.toolchain
  }
  item {
    key   = "base"
    value = local.provenance.base
  }
  item {
    key   = "image"
    value = local.provenance.image_id
  }
  item {
    key   = "compute profile"
    value = data.coder_parameter.compute_profile.value
  }
  dynamic "item" {
    for_each = module.base.metadata
    content {
      key   = item.key
      value = item.value
    }
  }
}
