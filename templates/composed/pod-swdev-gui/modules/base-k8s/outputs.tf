# Contract outputs (templates/contract/contract-schema.yaml, v1.2).

output "agent_endpoint" {
  description = "The URL the agent dials."
  value       = local.agent_url
}

output "runtime_env" {
  description = "Environment the base adds to the agent."
  value = merge(var.runtime_env, {
    WORKSPACE_PLATFORM = "kubernetes"
    WORKSPACE_GPU      = "false"
  })
}

output "volume_mounts" {
  description = "Persistent mounts."
  value       = var.persistent_home ? [{ path = "/home/coder", type = "pvc" }] : []
}

output "metadata" {
  description = "What the base resolved, for the workspace page."
  value = {
    image      = var.image_id
    node_group = var.node_group
    namespace  = var.namespace
    egress     = var.network_egress
  }
}

output "resource_id" {
  description = "The resource the workspace page attaches metadata to (the home volume outlives stops)."
  value       = var.persistent_home ? kubernetes_persistent_volume_claim_v1.home[0].id : kubernetes_network_policy_v1.workspace.id
}

output "capabilities" {
  description = "Capabilities this base implements."
  value       = local.implemented_capabilities
}
