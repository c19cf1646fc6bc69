# base-ec2-gpu: a GPU workspace (NVIDIA T4 on g4dn, A10G on g5) on an NVIDIA
# AMI with drivers and CUDA. GPU instances are not pre-warmed: a start can take
# up to five minutes.

terraform {
  required_version = ">= 1.9"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 7.0"
    }
  }
}

module "linux" {
  source = "../base-ec2-linux"

  workspace_name        = var.workspace_name
  owner                 = var.owner
  compute_profile       = var.compute_profile
  image_id              = var.image_id
  workspace_id          = var.workspace_id
  owner_id              = var.owner_id
  start                 = var.start
  agent_init_script     = var.agent_init_script
  coder_access_url      = var.coder_access_url
  persistent_home       = var.persistent_home
  network_egress        = var.network_egress
  os_distribution       = var.os_distribution
  deployment_name       = var.deployment_name
  instance_type         = var.instance_type
  instance_profile_name = var.instance_profile_name
}
