output "instance_id" {
  description = "The workspace instance."
  value       = aws_instance.workspace.id
}

output "home_volume_id" {
  description = "The home volume, or empty."
  value       = one(aws_ebs_volume.home[*].id)
}

output "availability_zone" {
  description = "AZ of instance and home volume."
  value       = data.aws_subnet.chosen.availability_zone
}

output "security_group_id" {
  description = "The workspace's security group."
  value       = aws_security_group.workspace.id
}
