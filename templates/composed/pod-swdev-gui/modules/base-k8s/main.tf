# base-k8s: a workspace as a pod on the workspace node group, with its home on
# an encrypted gp3 volume that survives stop, a NetworkPolicy of its own, and
# a service account without AWS rights.

terraform {
  required_version = ">= 1.9"
  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.38"
    }
  }
}

locals {
  name = "coder-${var.workspace_id}"
  labels = {
    "app.kubernetes.io/name"     = "coder-workspace"
    "app.kubernetes.io/instance" = local.name
    "app.kubernetes.io/part-of"  = "coder"
    "com.coder.resource"         = "true"
    "com.coder.workspace.id"     = var.workspace_id
    "com.coder.workspace.name"   = var.workspace_name
    "com.coder.user.id"          = var.owner_id
    "com.coder.user.username"    = var.owner
  }
  agent_url   = var.coder_internal_url != "" ? var.coder_internal_url : var.coder_access_url
  init_script = var.coder_internal_url != "" ? replace(var.agent_init_script, trimsuffix(var.coder_access_url, "/"), trimsuffix(var.coder_internal_url, "/")) : var.agent_init_script
  memory_gib  = tonumber(trimsuffix(var.compute_profile.memory, "Gi"))
}

resource "kubernetes_persistent_volume_claim_v1" "home" {
  count = var.persistent_home ? 1 : 0
  metadata {
    name      = "${local.name}-home"
    namespace = var.namespace
    labels    = merge(local.labels, { "app.kubernetes.io/name" = "coder-pvc" })
  }
  # The claim outlives stops; it goes only when the workspace is deleted.
  wait_until_bound = false
  spec {
    access_modes       = ["ReadWriteOnce"]
    storage_class_name = var.storage_class
    resources {
      requests = {
        storage = var.compute_profile.storage
      }
    }
  }
}

# #region workspace-pod
resource "kubernetes_deployment_v1" "workspace" {
  count            = var.start ? 1 : 0
  wait_for_rollout = false
  metadata {
    name      = local.name
    namespace = var.namespace
    labels    = local.labels
  }
  spec {
    replicas = 1
    strategy {
      type = "Recreate"
    }
    selector {
      match_labels = {
        "com.coder.workspace.id" = var.workspace_id
      }
    }
    template {
      metadata {
        labels = local.labels
        annotations = {
          # A running workspace is never a scale-down candidate.
          "cluster-autoscaler.kubernetes.io/safe-to-evict" = "false"
        }
      }
      spec {
        service_account_name            = local.service_account
        automount_service_account_token = false
        node_selector = {
          (var.node_group_label) = var.node_group
        }
        toleration {
          key      = var.node_group_label
          operator = "Equal"
          value    = var.node_group
          effect   = "NoSchedule"
        }
        security_context {
          run_as_user     = 1000
          run_as_group    = 1000
          fs_group        = 1000
          run_as_non_root = true
          seccomp_profile {
            type = "RuntimeDefault"
          }
        }
        container {
          name              = "dev"
          image             = var.image_id
          image_pull_policy = "IfNotPresent"
          command           = ["sh", "-c", local.init_script]
          env {
            name  = "CODER_AGENT_TOKEN"
            value = var.agent_token
          }
          dynamic "env" {
            for_each = var.runtime_env
            content {
              name  = env.key
              value = env.value
            }
          }
          resources {
            requests = {
              cpu    = "${var.compute_profile.cpu * 250}m"
              memory = "${ceil(local.memory_gib * 512)}Mi"
            }
            limits = {
              cpu    = tostring(var.compute_profile.cpu)
              memory = var.compute_profile.memory
            }
          }
          security_context {
            privileged                 = false
            allow_privilege_escalation = var.allow_privilege_escalation
            capabilities {
              drop = ["ALL"]
            }
          }
          dynamic "volume_mount" {
            for_each = var.persistent_home ? [1] : []
            content {
              name       = "home"
              mount_path = "/home/coder"
            }
          }
        }
        dynamic "volume" {
          for_each = var.persistent_home ? [1] : []
          content {
            name = "home"
            persistent_volume_claim {
              claim_name = kubernetes_persistent_volume_claim_v1.home[0].metadata[0].name
            }
          }
        }
        affinity {
          pod_anti_affinity {
            preferred_during_scheduling_ignored_during_execution {
              weight = 1
              pod_affinity_term {
                topology_key = "kubernetes.io/hostname"
                label_selector {
                  match_expressions {
                    key      = "app.kubernetes.io/name"
                    operator = "In"
                    values   = ["coder-workspace"]
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
# #endregion workspace-pod
