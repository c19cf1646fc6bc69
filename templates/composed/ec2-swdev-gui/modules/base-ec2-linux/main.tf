# base-ec2-linux: a Linux workspace on its own EC2 instance. The instance
# stops with the workspace and keeps /home/coder on an encrypted gp3 volume;
# the agent starts from a systemd unit at every boot.

terraform {
  required_version = ">= 1.9"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 7.0"
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

module "instance" {
  source = "../shared-ec2-workspace"

  deployment_name    = var.deployment_name
  workspace_id       = var.workspace_id
  name               = local.name
  labels             = local.labels
  start              = var.start
  ami_id             = var.image_id
  instance_type      = var.instance_type
  user_data_template = "${path.module}/user-data.sh.tftpl"
  user_data_vars = {
    init_script = var.agent_init_script
    # "kasmvnc" when the composition asks for a desktop; the version is the one the kasmvnc
    # module of the composed template is given (templates/compose/registry-modules.ts).
    desktop         = var.gui_vnc ? "kasmvnc" : ""
    kasmvnc_version = "1.4.0"
  }
  home_gib              = local.home_gib
  home_device           = "/dev/sdh"
  network_egress        = var.network_egress
  instance_profile_name = local.instance_profile
}
