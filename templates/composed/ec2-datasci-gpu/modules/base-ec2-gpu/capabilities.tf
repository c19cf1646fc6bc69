# What this base implements of the contract and how the agent runs on it.
# It is base-ec2-linux on GPU instance types with an NVIDIA AMI: the same
# capabilities, plus GPUs.

locals {
  base = {
    name = "base-ec2-gpu"
    kind = "ec2"
  }

  implemented_capabilities = {
    "persistent-home" = [true, false]
    "network-egress"  = ["https-only", "unrestricted"]
    "gpu-support"     = [true]
    "os-distribution" = ["amazon-linux-2023", "ubuntu-22.04"]
  }

  agent = {
    os   = "linux"
    arch = "amd64"
    auth = "aws-instance-identity"
  }
}
