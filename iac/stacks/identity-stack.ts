/**
 * The identity stack: least-privilege IAM roles for the workloads on the
 * cluster, bound to their Kubernetes service accounts with EKS Pod Identity.
 * (The CNI and EBS CSI roles belong to their add-ons in the cluster stack.)
 */
import { TerraformOutput } from 'cdktn';
import type { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktn/provider-aws/lib/data-aws-partition';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamInstanceProfile } from '@cdktn/provider-aws/lib/iam-instance-profile';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktn/provider-aws/lib/data-aws-iam-policy-document';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import type { Deployment } from '../deployment.js';
import { PodIdentityRole } from '../constructs/pod-identity-role.js';
import { coderSecretPrefix, DEPLOYMENT_TAG, SERVICE_ACCOUNTS } from '../platform.js';
import { GuideStack } from './guide-stack.js';
import type { NetworkStack } from './network-stack.js';
import type { ClusterStack } from './cluster-stack.js';
import { CODER_DB_USER, type DatabaseStack } from './database-stack.js';
import type { EdgeStack } from './edge-stack.js';

/** The instance profile EC2 workspaces get unless a permitted override names another <name>-workspace-* profile. */
export function defaultWorkspaceProfile(deploymentName: string): string {
  return `${deploymentName}-workspace-default`;
}

export class IdentityStack extends GuideStack {
  constructor(scope: Construct, deployment: Deployment, network: NetworkStack, eks: ClusterStack, db: DatabaseStack, edge: EdgeStack) {
    const { config } = deployment;
    super(scope, 'identity', config);
    const partition = new DataAwsPartition(this, 'partition').partition;
    const account = new DataAwsCallerIdentity(this, 'account').accountId;
    const arn = (service: string, resource: string, region: string = config.region) => `arn:${partition}:${service}:${region}:${account}:${resource}`;
    const clusterName = eks.cluster.name;
    const bind = (key: keyof typeof SERVICE_ACCOUNTS) => ({ clusterName, ...SERVICE_ACCOUNTS[key] });

    // #region coderd-role
    const coderd: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'ConnectToCoderDatabaseWithIamAuth',
        actions: ['rds-db:connect'],
        resources: [arn('rds-db', `dbuser:${db.cluster.clusterResourceId}/${CODER_DB_USER}`)],
      },
      {
        sid: 'ReadOwnSecrets',
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [arn('secretsmanager', `secret:${coderSecretPrefix(config.name)}/*`)],
      },
    ];
    new PodIdentityRole(this, 'coderd', { roleName: `${config.name}-coderd`, ...bind('coderd'), statements: coderd });
    // #endregion coderd-role

    // #region provisioner-role
    // What terraform-provider-aws sends for the EC2 bases (templates/shared-ec2-workspace), call by
    // call; test/policies/provisioner-iam.test.ts runs each one through an IAM policy simulator.
    const tagged = { test: 'StringEquals', variable: `aws:RequestTag/${DEPLOYMENT_TAG}`, values: [config.name] };
    const owned = { test: 'StringEquals', variable: `ec2:ResourceTag/${DEPLOYMENT_TAG}`, values: [config.name] };
    const workspaceSubnets = network.vpc.subnets.workspace!.map((s) => arn('ec2', `subnet/${s.id}`));
    const provisioner: DataAwsIamPolicyDocumentStatement[] = [
      { sid: 'Describe', actions: ['ec2:Describe*'], resources: ['*'] },
      // Public AMI parameters only, for templates that resolve an AMI at build time: /aws/service/ is
      // reserved to AWS, and the account field is empty in their ARNs (the * matches it).
      { sid: 'ReadPublicAmiParameters', actions: ['ssm:GetParameter', 'ssm:GetParameters'], resources: [`arn:${partition}:ssm:${config.region}:*:parameter/aws/service/*`] },
      // The tags RunInstances, CreateVolume and CreateSecurityGroup carry, and the egress rules' own tags.
      { sid: 'CreateTaggedWorkspaceResources', actions: ['ec2:RunInstances', 'ec2:CreateVolume', 'ec2:CreateSecurityGroup', 'ec2:AuthorizeSecurityGroupEgress'], resources: [arn('ec2', 'instance/*'), arn('ec2', 'volume/*'), arn('ec2', 'security-group/*'), arn('ec2', 'security-group-rule/*')], condition: [tagged] },
      // RunInstances also creates the root volume and the network interface, whose tags it does not
      // carry (root_block_device tags follow with CreateTags): encrypted volumes, interfaces in the
      // workspace subnets only.
      { sid: 'LaunchEncryptedRootVolumes', actions: ['ec2:RunInstances'], resources: [arn('ec2', 'volume/*')], condition: [{ test: 'Bool', variable: 'ec2:Encrypted', values: ['true'] }] },
      { sid: 'LaunchInterfacesInWorkspaceSubnets', actions: ['ec2:RunInstances'], resources: [arn('ec2', 'network-interface/*')], condition: [{ test: 'ArnEquals', variable: 'ec2:Subnet', values: workspaceSubnets }] },
      {
        sid: 'LaunchIntoWorkspaceSubnetsOnly',
        actions: ['ec2:RunInstances', 'ec2:CreateSecurityGroup'],
        resources: [
          ...workspaceSubnets,
          arn('ec2', `vpc/${network.vpc.vpc.id}`),
          `arn:${partition}:ec2:${config.region}::image/*`,
          `arn:${partition}:ec2:${config.region}::snapshot/*`,
          arn('ec2', 'key-pair/*'),
          arn('ec2', 'launch-template/*'),
        ],
      },
      // A workspace's own security group, already tagged, is used by RunInstances.
      { sid: 'LaunchWithOwnSecurityGroups', actions: ['ec2:RunInstances'], resources: [arn('ec2', 'security-group/*')], condition: [owned] },
      { sid: 'TagOnCreate', actions: ['ec2:CreateTags'], resources: ['*'], condition: [{ test: 'StringEquals', variable: 'ec2:CreateAction', values: ['RunInstances', 'CreateVolume', 'CreateSecurityGroup', 'AuthorizeSecurityGroupEgress'] }] },
      // Root volume tags arrive after launch: the deployment tag may be added to a volume that has
      // none yet, never to another deployment's volume.
      {
        sid: 'TagRootVolumesAfterLaunch',
        actions: ['ec2:CreateTags'],
        resources: [arn('ec2', 'volume/*')],
        condition: [tagged, { test: 'StringEqualsIfExists', variable: `ec2:ResourceTag/${DEPLOYMENT_TAG}`, values: [config.name] }],
      },
      {
        sid: 'ManageOwnWorkspaces',
        actions: [
          'ec2:StartInstances', 'ec2:StopInstances', 'ec2:RebootInstances', 'ec2:TerminateInstances', 'ec2:ModifyInstanceAttribute', 'ec2:GetPasswordData',
          'ec2:AttachVolume', 'ec2:DetachVolume', 'ec2:DeleteVolume', 'ec2:ModifyVolume', 'ec2:CreateTags', 'ec2:DeleteTags',
          'ec2:AuthorizeSecurityGroupEgress', 'ec2:RevokeSecurityGroupEgress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup', 'ec2:ModifySecurityGroupRules',
        ],
        resources: ['*'],
        condition: [owned],
      },
      {
        sid: 'PassWorkspaceInstanceRolesOnly',
        actions: ['iam:PassRole'],
        resources: [`arn:${partition}:iam::${account}:role/${config.name}-workspace-*`],
        condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ec2.amazonaws.com'] }],
      },
      { sid: 'ReadWorkspaceInstanceProfiles', actions: ['iam:GetInstanceProfile'], resources: [`arn:${partition}:iam::${account}:instance-profile/${config.name}-workspace-*`] },
    ];
    new PodIdentityRole(this, 'provisioner', { roleName: `${config.name}-provisioner`, ...bind('provisioner'), statements: provisioner });
    // #endregion provisioner-role

    // #region lb-controller-role
    // The controller only binds coderd's pods into the Terraform-owned target group
    // (TargetGroupBinding); it creates no load balancers, so it gets no create rights.
    const lbController: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'Describe',
        actions: ['elasticloadbalancing:Describe*', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeInstances', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeAvailabilityZones'],
        resources: ['*'],
      },
      { sid: 'RegisterCoderdTargets', actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'], resources: [edge.targetGroup.arn] },
    ];
    new PodIdentityRole(this, 'lb-controller', { roleName: `${config.name}-lb-controller`, ...bind('loadBalancerController'), statements: lbController });
    // #endregion lb-controller-role

    // #region autoscaler-role
    const autoscaler: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'Describe',
        actions: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeLaunchConfigurations', 'autoscaling:DescribeScalingActivities', 'autoscaling:DescribeTags', 'ec2:DescribeImages', 'ec2:DescribeInstanceTypes', 'ec2:DescribeLaunchTemplateVersions', 'ec2:GetInstanceTypesFromInstanceRequirements', 'eks:DescribeNodegroup'],
        resources: ['*'],
      },
      {
        sid: 'ScaleThisClustersGroupsOnly',
        actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: `aws:ResourceTag/k8s.io/cluster-autoscaler/${config.name}`, values: ['owned'] }],
      },
    ];
    new PodIdentityRole(this, 'cluster-autoscaler', { roleName: `${config.name}-cluster-autoscaler`, ...bind('clusterAutoscaler'), statements: autoscaler });
    // #endregion autoscaler-role

    // #region workspace-instance-profile
    // EC2 workspaces get an identity that can do one thing: read the Amazon DCV licence.
    // Teams that need AWS access from a workspace add a <name>-workspace-<purpose>
    // role of their own and permit it per composition (bind-instance-profile rule).
    const workspaceRole = new IamRole(this, 'workspace-default', {
      name: defaultWorkspaceProfile(config.name),
      description: 'EC2 Coder workspaces: reads the Amazon DCV licence, nothing else',
      assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    });
    // Amazon DCV on EC2 checks its licence in an AWS-owned bucket of the region (Windows GUI workspaces).
    new IamRolePolicy(this, 'workspace-default-dcv-licence', {
      role: workspaceRole.id,
      name: 'dcv-licence',
      policy: new DataAwsIamPolicyDocument(this, 'workspace-default-dcv-licence-doc', {
        statement: [{ sid: 'DcvLicence', actions: ['s3:GetObject'], resources: [`arn:${partition}:s3:::dcv-license.${config.region}/*`] }],
      }).json,
    });
    new IamInstanceProfile(this, 'workspace-default-profile', { name: defaultWorkspaceProfile(config.name), role: workspaceRole.name });
    // #endregion workspace-instance-profile

    new TerraformOutput(this, 'workspace_role_prefix', { value: `${config.name}-workspace-` });
  }
}
