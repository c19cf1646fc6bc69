# What this base implements of the contract and how the agent runs on it.
# `npm run compose` reads these locals with a real HCL parser to check a
# toolchain's required capabilities against them (Property 14).

locals {
  base = {
    name = "base-ec2-linux"
    kind = "ec2"
  }

  implemented_capabilities = {
    "persistent-home" = [true, false]
    "network-egress"  = ["https-only", "unrestricted"]
    "gpu-support"     = [false]
    "os-distribution" = ["amazon-linux-2023", "ubuntu-22.04", "ubuntu-24.04"]
    "gui-vnc"         = [true, false]
  }

  # A desktop only on Ubuntu: KasmVNC publishes packages for Debian, Ubuntu,
  # Fedora, Oracle Linux and openSUSE, not Amazon Linux, and the registry's
  # kasmvnc module installs nothing on a distribution it does not know.
  capability_requires = {
    "gui-vnc" = {
      "os-distribution" = ["ubuntu-22.04", "ubuntu-24.04"]
    }
  }

  agent = {
    os   = "linux"
    arch = "amd64"
    auth = "aws-instance-identity"
  }

  # Identity: the platform's instance profile without permissions unless a
  # permitted override names another <deployment>-workspace-* profile.
  instance_profile = var.instance_profile_name != "" ? var.instance_profile_name : "${var.deployment_name}-workspace-default"
}
