# Composed by `npm run compose` from swdev-toolchain@1.2.1 and base-ec2-linux@2.1.1
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
  default     = "swdev-medium"
  validation {
    condition     = contains(["swdev-small", "swdev-medium", "swdev-large", "platform-devsecops"], var.compute_profile)
    error_message = "compute_profile must be one of swdev-small, swdev-medium, swdev-large, platform-devsecops."
  }
}

locals {
  provenance = {
    contract  = "1.2"
    toolchain = "swdev-toolchain@1.2.1"
    base      = "base-ec2-linux@2.1.1"
    image_id  = "ami-00000000000000000"
    artifacts = "example"
  }

  compute_profiles = {
    swdev-small = {
      display_name  = "SW Dev Small"
      cpu           = 2
      memory_gib    = 4
      home_gib      = 20
      instance_type = "m7i.large"
    }
    swdev-medium = {
      display_name  = "SW Dev Medium"
      cpu           = 4
      memory_gib    = 8
      home_gib      = 50
      instance_type = "c7i.xlarge"
    }
    swdev-large = {
      display_name  = "SW Dev Large"
      cpu           = 8
      memory_gib    = 16
      home_gib      = 100
      instance_type = "c7i.2xlarge"
    }
    platform-devsecops = {
      display_name  = "Platform/DevSecOps"
      cpu           = 4
      memory_gib    = 8
      home_gib      = 100
      instance_type = "c7i.xlarge"
    }
  }
  profile = local.compute_profiles[data.coder_parameter.compute_profile.value]

  # Versions from toolchain.yaml, for the bootstrap script and the tests.
  toolchain_env = {
    TOOLCHAIN_GO_VERSION            = "1.23"
    TOOLCHAIN_NODE_VERSION          = "22"
    TOOLCHAIN_PYTHON_VERSION        = "3.12"
    TOOLCHAIN_TERRAFORM_VERSION     = "1.11"
    TOOLCHAIN_KUBECTL_VERSION       = "1.33"
    TOOLCHAIN_GH_VERSION            = "2"
    TOOLCHAIN_DOCKER_CLI_VERSION    = "28"
    TOOLCHAIN_INTERNAL_SDKS_VERSION = "configurable"
  }

  # The AMI of each distribution the owner may pick (provenance.json artifact.choices).
  images = {
    amazon-linux-2023 = "ami-00000000000000000"
    "ubuntu-22.04"    = "ami-00000000000000000"
    "ubuntu-24.04"    = "ami-00000000000000000"
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
    name        = "SW Dev Small"
    value       = "swdev-small"
    description = "2 vCPU, 4 GiB memory, 20 GiB home (m7i.large)"
  }

  option {
    name        = "SW Dev Medium"
    value       = "swdev-medium"
    description = "4 vCPU, 8 GiB memory, 50 GiB home (c7i.xlarge)"
  }

  option {
    name        = "SW Dev Large"
    value       = "swdev-large"
    description = "8 vCPU, 16 GiB memory, 100 GiB home (c7i.2xlarge)"
  }

  option {
    name        = "Platform/DevSecOps"
    value       = "platform-devsecops"
    description = "4 vCPU, 8 GiB memory, 100 GiB home (c7i.xlarge)"
  }
}

data "coder_parameter" "os_distribution" {
  name         = "os_distribution"
  display_name = "Operating system"
  description  = "The distribution the workspace runs."
  type         = "string"
  form_type    = "radio"
  default      = "amazon-linux-2023"
  mutable      = false
  order        = 2

  option {
    name  = "Amazon Linux 2023"
    value = "amazon-linux-2023"
  }

  option {
    name  = "Ubuntu 22.04 LTS"
    value = "ubuntu-22.04"
  }

  option {
    name  = "Ubuntu 24.04 LTS"
    value = "ubuntu-24.04"
  }
}

resource "coder_agent" "main" {
  os                      = "linux"
  arch                    = "amd64"
  auth                    = "aws-instance-identity"
  startup_script_behavior = "non-blocking"
  startup_script          = file("${path.module}/toolchain/bootstrap/install.sh")
  env                     = merge(local.toolchain_env, module.base.runtime_env)
  troubleshooting_url     = "https://coder.com/docs/admin/templates/troubleshooting"

  display_apps {
    vscode                 = true
    vscode_insiders        = false
    web_terminal           = true
    ssh_helper             = true
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

  metadata {
    display_name = "Home disk"
    key          = "home"
    script       = "coder stat disk --path /home/coder"
    interval     = 60
    timeout      = 1
  }
}

module "base" {
  source = "./modules/base-ec2-linux"

  # Contract inputs (contract 1.2)
  workspace_name = data.coder_workspace.me.name
  owner          = data.coder_workspace_owner.me.name
  compute_profile = {
    cpu     = local.profile.cpu
    memory  = "${local.profile.memory_gib}Gi"
    storage = "${local.profile.home_gib}Gi"
  }
  image_id = local.images[data.coder_parameter.os_distribution.value]

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
  os_distribution = data.coder_parameter.os_distribution.value

  # This deployment
  deployment_name = "coder-prod"
}

module "code_server" {
  count    = data.coder_workspace.me.start_count
  source   = "registry.coder.com/coder/code-server/coder"
  version  = "1.5.2"
  agent_id = coder_agent.main.id
  folder   = "/home/coder"
  order    = 1
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
    value = local.images[data.coder_parameter.os_distribution.value]
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
