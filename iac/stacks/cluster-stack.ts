/**
 * The cluster stack: EKS with a private API endpoint, envelope encryption of
 * secrets, all control-plane logs, access entries, the add-ons, and the three
 * managed node groups (coder-control static; coder-prov and coder-ws scaled
 * to the working day).
 */
import { TerraformOutput } from 'cdktn';
import type { Construct } from 'constructs';
import { EksCluster } from '@cdktn/provider-aws/lib/eks-cluster';
import { EksAddon } from '@cdktn/provider-aws/lib/eks-addon';
import { EksAccessEntry } from '@cdktn/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktn/provider-aws/lib/eks-access-policy-association';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktn/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { DataAwsIamPolicyDocument } from '@cdktn/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktn/provider-aws/lib/data-aws-partition';
import type { Deployment } from '../deployment.js';
import { peakSchedules } from '../capacity/schedule.js';
import { EncryptedLogGroup } from '../constructs/encrypted-log-group.js';
import { ManagedNodeGroup } from '../constructs/managed-node-group.js';
import { PodIdentityRole } from '../constructs/pod-identity-role.js';
import { NODE_GROUP_KEY, NODE_GROUPS, placement } from '../platform.js';
import { GuideStack } from './guide-stack.js';
import type { NetworkStack } from './network-stack.js';

/** All five EKS control-plane log types. */
export const CONTROL_PLANE_LOGS = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];


export class ClusterStack extends GuideStack {
  readonly cluster: EksCluster;
  readonly nodeGroups: Record<keyof typeof NODE_GROUPS, ManagedNodeGroup>;

  constructor(scope: Construct, deployment: Deployment, network: NetworkStack) {
    const { config, sizing } = deployment;
    super(scope, 'cluster', config);
    const partition = new DataAwsPartition(this, 'partition').partition;
    const managed = (name: string) => `arn:${partition}:iam::aws:policy/${name}`;

    // #region cluster
    const secretsKey = new KmsKey(this, 'secrets-key', {
      description: `Envelope encryption of Kubernetes secrets in ${config.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    const logs = new EncryptedLogGroup(this, 'control-plane-logs', {
      name: `/aws/eks/${config.name}/cluster`,
      region: config.region,
      retentionInDays: config.environment === 'production' ? 365 : 30,
    });
    const clusterRole = new IamRole(this, 'cluster-role', {
      name: `${config.name}-eks-cluster`,
      assumeRolePolicy: new DataAwsIamPolicyDocument(this, 'cluster-trust', {
        statement: [{ actions: ['sts:AssumeRole', 'sts:TagSession'], principals: [{ type: 'Service', identifiers: ['eks.amazonaws.com'] }] }],
      }).json,
    });
    new IamRolePolicyAttachment(this, 'cluster-policy', { role: clusterRole.name, policyArn: managed('AmazonEKSClusterPolicy') });

    this.cluster = new EksCluster(this, 'eks', {
      name: config.name,
      version: config.cluster.version,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: network.vpc.subnetIds('control'),
        endpointPrivateAccess: true,
        endpointPublicAccess: config.cluster.publicAccessCidrs.length > 0,
        publicAccessCidrs: config.cluster.publicAccessCidrs.length > 0 ? config.cluster.publicAccessCidrs : undefined,
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: secretsKey.arn } },
      enabledClusterLogTypes: CONTROL_PLANE_LOGS,
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      upgradePolicy: { supportType: 'STANDARD' },
      bootstrapSelfManagedAddons: false,
      deletionProtection: config.environment === 'production',
      dependsOn: [logs.group],
    });
    // #endregion cluster

    // #region access-entries
    config.cluster.adminRoleArns.forEach((principalArn, i) => {
      const entry = new EksAccessEntry(this, `admin-${i}`, { clusterName: this.cluster.name, principalArn, type: 'STANDARD' });
      new EksAccessPolicyAssociation(this, `admin-${i}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: 'cluster' },
      });
    });
    // #endregion access-entries

    // #region node-groups
    const nodeRole = new IamRole(this, 'node-role', {
      name: `${config.name}-eks-node`,
      assumeRolePolicy: new DataAwsIamPolicyDocument(this, 'node-trust', {
        statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }] }],
      }).json,
    });
    // The CNI permissions go to the aws-node service account (below), not to every node.
    ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore'].forEach((policy) =>
      new IamRolePolicyAttachment(this, `node-${policy}`, { role: nodeRole.name, policyArn: managed(policy) }),
    );

    const ng = sizing.nodeGroups;
    const common = { clusterName: this.cluster.name, nodeRoleArn: nodeRole.arn, labelKey: NODE_GROUP_KEY, kubernetesVersion: config.cluster.version, imdsHopLimit: 1 as const };
    this.nodeGroups = {
      control: new ManagedNodeGroup(this, 'coder-control', {
        ...common,
        name: NODE_GROUPS.control,
        subnetIds: network.vpc.subnetIds('control'),
        instanceType: ng.control.instanceType,
        diskGiB: 50,
        scaling: { min: ng.control.min, max: ng.control.max, desired: ng.control.peak },
      }),
      provisioner: new ManagedNodeGroup(this, 'coder-prov', {
        ...common,
        name: NODE_GROUPS.provisioner,
        subnetIds: network.vpc.subnetIds('provisioner'),
        instanceType: ng.provisioner.instanceType,
        diskGiB: 100,
        scaling: { min: ng.provisioner.offHours, max: ng.provisioner.max, desired: ng.provisioner.offHours },
        schedules: peakSchedules(config.peakWindow, ng.provisioner),
      }),
      workspace: new ManagedNodeGroup(this, 'coder-ws', {
        ...common,
        name: NODE_GROUPS.workspace,
        subnetIds: network.vpc.subnetIds('workspace'),
        instanceType: ng.workspace.instanceType,
        diskGiB: 200,
        scaling: { min: ng.workspace.offHours, max: ng.workspace.max, desired: ng.workspace.offHours },
        schedules: peakSchedules(config.peakWindow, ng.workspace),
      }),
    };
    for (const group of Object.values(this.nodeGroups)) group.nodeGroup.node.addDependency(nodeRole);
    // #endregion node-groups

    // #region addons
    const cniRole = new PodIdentityRole(this, 'vpc-cni-identity', {
      roleName: `${config.name}-vpc-cni`,
      clusterName: this.cluster.name,
      namespace: 'kube-system',
      serviceAccount: 'aws-node',
      managedPolicyArns: [managed('AmazonEKS_CNI_Policy')],
      associate: false,
    });
    const ebsRole = new PodIdentityRole(this, 'ebs-csi-identity', {
      roleName: `${config.name}-ebs-csi`,
      clusterName: this.cluster.name,
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicyArns: [managed('service-role/AmazonEBSCSIDriverPolicy')],
      associate: false,
    });
    // System Deployments run on the tainted coder-control nodes.
    const onControlNodes = placement(NODE_GROUPS.control);
    const addons: Array<{ name: string; config?: unknown; role?: PodIdentityRole; serviceAccount?: string; beforeNodes?: boolean }> = [
      { name: 'eks-pod-identity-agent', beforeNodes: true },
      {
        name: 'vpc-cni',
        beforeNodes: true,
        role: cniRole,
        serviceAccount: 'aws-node',
        // Network policies for workspace isolation; a small warm pool instead of a spare ENI per node.
        config: { enableNetworkPolicy: 'true', env: { WARM_IP_TARGET: String(2), WARM_ENI_TARGET: '0' } },
      },
      { name: 'kube-proxy', beforeNodes: true },
      { name: 'coredns', config: { ...onControlNodes, replicaCount: Math.max(2, config.availabilityZones.length) } },
      { name: 'aws-ebs-csi-driver', role: ebsRole, serviceAccount: 'ebs-csi-controller-sa', config: { controller: onControlNodes, node: { tolerateAllTaints: true } } },
      { name: 'metrics-server', config: onControlNodes },
    ];
    for (const addon of addons) {
      const resource = new EksAddon(this, `addon-${addon.name}`, {
        clusterName: this.cluster.name,
        addonName: addon.name,
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'PRESERVE',
        configurationValues: addon.config ? JSON.stringify(addon.config) : undefined,
        podIdentityAssociation: addon.role ? [{ roleArn: addon.role.role.arn, serviceAccount: addon.serviceAccount! }] : undefined,
      });
      // Networking add-ons come before nodes (nodes cannot become Ready without them); the rest after.
      if (addon.beforeNodes) Object.values(this.nodeGroups).forEach((g) => g.nodeGroup.node.addDependency(resource));
      else resource.node.addDependency(this.nodeGroups.control.nodeGroup);
    }
    // #endregion addons

    new TerraformOutput(this, 'cluster_name', { value: this.cluster.name });
    new TerraformOutput(this, 'cluster_endpoint', { value: this.cluster.endpoint });
    new TerraformOutput(this, 'cluster_security_group_id', { value: this.cluster.vpcConfig.clusterSecurityGroupId });
  }
}
