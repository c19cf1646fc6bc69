# What this base implements of the contract and how the agent runs on it.
# `npm run compose` reads these locals with a real HCL parser (Property 14).

locals {
  base = {
    name = "base-ec2-windows"
    kind = "ec2"
  }

  implemented_capabilities = {
    "persistent-home" = [true, false]
    "network-egress"  = ["https-only", "unrestricted"]
    "gpu-support"     = [false]
    "gui-rdp"         = [true, false]
    "os-distribution" = ["windows-server-2022"]
  }

  agent = {
    os   = "windows"
    arch = "amd64"
    auth = "aws-instance-identity"
  }

  instance_profile = var.instance_profile_name != "" ? var.instance_profile_name : "${var.deployment_name}-workspace-default"
}
