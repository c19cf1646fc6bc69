# One EC2 workspace: an instance in a workspace subnet with IMDSv2 only, an
# encrypted gp3 root volume, an encrypted gp3 home volume that survives stop
# and instance replacement, a security group of its own with no ingress, and
# the least-privilege instance profile the platform created. Every resource
# carries the deployment tag the provisioner's IAM policy requires.

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
  tags = merge(var.labels, {
    "Name"                 = var.name
    "coder.com/deployment" = var.deployment_name
  })
  # Spread workspaces over the AZs, stable per workspace.
  subnet_ids = sort(data.aws_subnets.workspace.ids)
  subnet_id  = local.subnet_ids[parseint(substr(sha1(var.workspace_id), 0, 6), 16) % length(local.subnet_ids)]
  # The bootstrap waits for the home volume by its id (its NVMe serial), so it is rendered here.
  user_data = templatefile(var.user_data_template, merge(var.user_data_vars, {
    home_volume_id = var.home_gib > 0 ? aws_ebs_volume.home[0].id : ""
  }))
}

data "aws_subnets" "workspace" {
  filter {
    name   = "tag:coder.com/deployment"
    values = [var.deployment_name]
  }
  filter {
    name   = "tag:coder.com/tier"
    values = [var.subnet_tier]
  }
}

data "aws_subnet" "chosen" {
  id = local.subnet_id
}

resource "aws_security_group" "workspace" {
  name_prefix = "${var.name}-"
  description = "Coder workspace ${var.name}: no ingress, egress ${var.network_egress}"
  vpc_id      = data.aws_subnet.chosen.vpc_id
  tags        = local.tags
  lifecycle {
    create_before_destroy = true
  }
}

# The agent dials out; nothing dials in.
resource "aws_vpc_security_group_egress_rule" "https" {
  count             = var.network_egress == "https-only" ? 1 : 0
  security_group_id = aws_security_group.workspace.id
  description       = "HTTPS to coderd and package mirrors"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  tags              = local.tags
}

resource "aws_vpc_security_group_egress_rule" "all" {
  count             = var.network_egress == "unrestricted" ? 1 : 0
  security_group_id = aws_security_group.workspace.id
  description       = "All outbound traffic"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
  tags              = local.tags
}

# #region instance
resource "aws_instance" "workspace" {
  ami                    = var.ami_id
  instance_type          = var.instance_type
  subnet_id              = local.subnet_id
  vpc_security_group_ids = [aws_security_group.workspace.id]
  iam_instance_profile   = var.instance_profile_name
  user_data              = local.user_data
  monitoring             = true
  ebs_optimized          = true

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = var.root_gib
    encrypted             = true
    delete_on_termination = true
    tags                  = local.tags
  }

  tags = local.tags
}
# #endregion instance

# #region home-volume
resource "aws_ebs_volume" "home" {
  count             = var.home_gib > 0 ? 1 : 0
  availability_zone = data.aws_subnet.chosen.availability_zone
  type              = "gp3"
  size              = var.home_gib
  encrypted         = true
  tags              = merge(local.tags, { "Name" = "${var.name}-home" })
  # Deleting a workspace deletes its home; stopping or replacing the instance does not.
}

resource "aws_volume_attachment" "home" {
  count       = var.home_gib > 0 ? 1 : 0
  device_name = var.home_device
  volume_id   = aws_ebs_volume.home[0].id
  instance_id = aws_instance.workspace.id
  # Detach cleanly when the instance is replaced (a new AMI): the volume moves to the new one.
  stop_instance_before_detaching = true
}
# #endregion home-volume

resource "aws_ec2_instance_state" "workspace" {
  instance_id = aws_instance.workspace.id
  state       = var.start ? "running" : "stopped"
  depends_on  = [aws_volume_attachment.home]
}
