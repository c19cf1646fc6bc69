# base-ec2-windows: a Windows Server 2022 workspace. The user data drive D:
# lives on its own encrypted gp3 volume and survives stop and instance
# replacement; the agent starts from a scheduled task at every boot. The
# Administrator password is generated here and handed to the remote desktop
# module (NICE DCV or web RDP) the composition adds, which sets it through the
# agent at every start; it is never in the user data.

terraform {
  required_version = ">= 1.9"
  required_providers {
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

locals {
  name = "coder-${var.owner}-${var.workspace_name}"
  labels = {
    "coder.com/workspace-id" = var.workspace_id
    "coder.com/owner"        = var.owner
    "coder.com/owner-id"     = var.owner_id
  }
  home_gib = var.persistent_home ? tonumber(trimsuffix(var.compute_profile.storage, "Gi")) : 0
}

resource "random_password" "admin" {
  length           = 24
  special          = true
  override_special = "!#%*-_=+"
  min_upper        = 2
  min_lower        = 2
  min_numeric      = 2
  min_special      = 2
}

module "instance" {
  source = "../shared-ec2-workspace"

  deployment_name    = var.deployment_name
  workspace_id       = var.workspace_id
  name               = local.name
  labels             = local.labels
  start              = var.start
  ami_id             = var.image_id
  instance_type      = var.instance_type
  user_data_template = "${path.module}/user-data.ps1.tftpl"
  user_data_vars = {
    init_script = var.agent_init_script
  }
  home_gib              = local.home_gib
  home_device           = "xvdh"
  root_gib              = 80
  network_egress        = var.network_egress
  instance_profile_name = local.instance_profile
}
