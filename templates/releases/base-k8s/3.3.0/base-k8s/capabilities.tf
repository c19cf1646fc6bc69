# What this base implements of the contract, how the agent runs on it, and
# the implementations of the guarded capabilities: identity and network
# isolation. `npm run compose` reads the locals below with a real HCL parser
# to check a toolchain's required capabilities against them (Property 14).

locals {
  base = {
    name = "base-k8s"
    kind = "kubernetes"
  }

  # #region implemented
  # capability => the values this base can provide. Not implemented, so a
  # toolchain requiring them is refused: identity-mode (a workspace's AWS
  # identity is the guarded service_account_name override, never a toolchain's
  # request), artifact-cache and secrets-injection.
  implemented_capabilities = {
    "persistent-home" = [true, false]
    "network-egress"  = ["none", "https-only", "unrestricted"]
    "gpu-support"     = [false]
    # A pod runs the toolchain image, so its distribution is the image's
    # (toolchain.yaml image.distribution): any the contract names for Linux.
    "os-distribution" = ["amazon-linux-2023", "ubuntu-22.04", "ubuntu-24.04"]
    # A desktop in the browser, from the toolchain image (image.desktop: kasmvnc; compose refuses
    # an image without one): the pod stays non-root, with its NetworkPolicy.
    "gui-vnc" = [true, false]
  }

  # KasmVNC's packages are for Debian and Ubuntu (and some RPM distributions), not Amazon Linux.
  capability_requires = {
    "gui-vnc" = {
      "os-distribution" = ["ubuntu-22.04", "ubuntu-24.04"]
    }
  }
  # #endregion implemented

  agent = {
    os   = "linux"
    arch = "amd64"
    auth = "token"
  }

  # Per-workspace NetworkPolicy egress for each network-egress value. The
  # namespace's own policies already deny everything else and allow DNS.
  outside_vpc = {
    cidr   = "0.0.0.0/0"
    except = [var.vpc_cidr, "169.254.169.254/32"]
  }
  egress_ports = {
    "none"         = []
    "https-only"   = [443]
    "unrestricted" = []
  }
}

# The workspace's own service account: no token mounted, no AWS role bound.
# Binding another account is a guarded override (policies/overrides.yaml).

locals {
  service_account = var.service_account_name != "" ? var.service_account_name : kubernetes_service_account_v1.workspace[0].metadata[0].name
}

resource "kubernetes_service_account_v1" "workspace" {
  count = var.service_account_name == "" ? 1 : 0
  metadata {
    name      = local.name
    namespace = var.namespace
    labels    = local.labels
  }
  automount_service_account_token = false
}

# Property 3: each workspace gets a NetworkPolicy selecting only its own pod.
# Ingress only from coderd's namespace; egress to coderd, plus the internet
# outside the VPC as network_egress allows. No workspace reaches another.

# #region network-policy
resource "kubernetes_network_policy_v1" "workspace" {
  metadata {
    name      = "${local.name}-isolation"
    namespace = var.namespace
    labels    = local.labels
  }
  spec {
    pod_selector {
      match_labels = {
        "com.coder.workspace.id" = var.workspace_id
      }
    }
    policy_types = ["Ingress", "Egress"]
    ingress {
      from {
        namespace_selector {
          match_labels = {
            "kubernetes.io/metadata.name" = var.coder_namespace
          }
        }
      }
    }
    egress {
      to {
        namespace_selector {
          match_labels = {
            "kubernetes.io/metadata.name" = var.coder_namespace
          }
        }
      }
      ports {
        protocol = "TCP"
        port     = tostring(var.coderd_port)
      }
    }
    dynamic "egress" {
      for_each = var.network_egress == "none" ? [] : [var.network_egress]
      content {
        to {
          ip_block {
            cidr   = local.outside_vpc.cidr
            except = local.outside_vpc.except
          }
        }
        dynamic "ports" {
          for_each = local.egress_ports[egress.value]
          content {
            protocol = "TCP"
            port     = tostring(ports.value)
          }
        }
      }
    }
  }
}
# #endregion network-policy
