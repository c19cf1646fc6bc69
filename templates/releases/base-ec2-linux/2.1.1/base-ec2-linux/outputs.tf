# Contract outputs (templates/contract/contract-schema.yaml, v1.2).

output "agent_endpoint" {
  description = "The URL the agent dials (Coder's access URL, over HTTPS)."
  value       = var.coder_access_url
}

output "runtime_env" {
  description = "Environment the base adds to the agent."
  value = {
    WORKSPACE_PLATFORM = "ec2"
    WORKSPACE_GPU      = "false"
  }
}

output "volume_mounts" {
  description = "Persistent mounts."
  value       = local.home_gib > 0 ? [{ path = "/home/coder", type = "ebs" }] : []
}

output "metadata" {
  description = "What the base resolved, for the workspace page."
  value = {
    ami               = var.image_id
    instance_type     = var.instance_type
    availability_zone = module.instance.availability_zone
    instance_profile  = local.instance_profile
    egress            = var.network_egress
    distribution      = var.os_distribution
  }
}

output "resource_id" {
  description = "The resource the workspace page attaches metadata to."
  value       = module.instance.instance_id
}

output "capabilities" {
  description = "Capabilities this base implements."
  value       = local.implemented_capabilities
}
