# Composed by `npm run compose` from datasci-toolchain@1.1.0 and base-ec2-gpu@1.6.0
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
  default     = "datasci-standard"
  validation {
    condition     = contains(["datasci-standard", "datasci-large", "datasci-xlarge"], var.compute_profile)
    error_message = "compute_profile must be one of datasci-standard, datasci-large, datasci-xlarge."
  }
}

locals {
  provenance = {
    contract  = "1.2"
    toolchain = "datasci-toolchain@1.1.0"
    base      = "base-ec2-gpu@1.6.0"
    image_id  = "ami-00000000000000000"
    artifacts = "example"
  }

  compute_profiles = {
    datasci-standard = {
      display_name  = "Data Sci Standard"
      cpu           = 8
      memory_gib    = 32
      home_gib      = 500
      instance_type = "g5.2xlarge"
    }
    datasci-large = {
      display_name  = "Data Sci Large"
      cpu           = 16
      memory_gib    = 64
      home_gib      = 1024
      instance_type = "g5.4xlarge"
    }
    datasci-xlarge = {
      display_name  = "Data Sci XLarge"
      cpu           = 32
      memory_gib    = 64
      home_gib      = 2048
      instance_type = "g5.8xlarge"
    }
  }
  profile = local.compute_profiles[data.coder_parameter.compute_profile.value]

  # Versions from toolchain.yaml, for the bootstrap script and the tests.
  toolchain_env = {
    TOOLCHAIN_PYTHON_VERSION       = "3.12"
    TOOLCHAIN_R_VERSION            = "4.4"
    TOOLCHAIN_JUPYTERLAB_VERSION   = "4"
    TOOLCHAIN_CUDA_TOOLKIT_VERSION = "12"
    TOOLCHAIN_TORCH_VERSION        = "2.5"
    TOOLCHAIN_TENSORFLOW_VERSION   = "2.18"
    TOOLCHAIN_SCIKIT_LEARN_VERSION = "1.5"
    TOOLCHAIN_PANDAS_VERSION       = "2.2"
  }

  # The AMI of each distribution the owner may pick (provenance.json artifact.choices).
  images = {
    amazon-linux-2023 = "ami-00000000000000000"
    "ubuntu-22.04"    = "ami-00000000000000000"
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
    name        = "Data Sci Standard"
    value       = "datasci-standard"
    description = "8 vCPU, 32 GiB memory, 500 GiB home (g5.2xlarge)"
  }

  option {
    name        = "Data Sci Large"
    value       = "datasci-large"
    description = "16 vCPU, 64 GiB memory, 1024 GiB home (g5.4xlarge)"
  }

  option {
    name        = "Data Sci XLarge"
    value       = "datasci-xlarge"
    description = "32 vCPU, 64 GiB memory, 2048 GiB home (g5.8xlarge)"
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
  source = "./modules/base-ec2-gpu"

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

module "jupyterlab" {
  count    = data.coder_workspace.me.start_count
  source   = "registry.coder.com/coder/jupyterlab/coder"
  version  = "1.3.0"
  agent_id = coder_agent.main.id
  order    = 2
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
