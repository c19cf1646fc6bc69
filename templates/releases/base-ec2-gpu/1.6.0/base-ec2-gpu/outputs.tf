# Contract outputs (templates/contract/contract-schema.yaml, v1.2).

output "agent_endpoint" {
  description = "The URL the agent dials."
  value       = module.linux.agent_endpoint
}

output "runtime_env" {
  description = "Environment the base adds to the agent."
  value = merge(module.linux.runtime_env, {
    WORKSPACE_GPU          = "true"
    NVIDIA_VISIBLE_DEVICES = "all"
  })
}

output "volume_mounts" {
  description = "Persistent mounts."
  value       = module.linux.volume_mounts
}

output "metadata" {
  description = "What the base resolved, for the workspace page."
  value       = merge(module.linux.metadata, { gpu = "NVIDIA (${var.instance_type})" })
}

output "resource_id" {
  description = "The resource the workspace page attaches metadata to."
  value       = module.linux.resource_id
}

output "capabilities" {
  description = "Capabilities this base implements."
  value       = local.implemented_capabilities
}
