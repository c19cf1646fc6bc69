/**
 * The cluster stack: EKS with a private API endpoint, envelope encryption of
 * secrets, all control-plane logs, access entries, the add-ons, and the three
 * managed node groups (coder-control static; coder-prov and coder-ws scaled
 * to the working day).
 */
import { TerraformOutput, type ITerraformDependable } from 'cdktn';
import type { Construct } from 'constructs';
import { EksCluster } from '@cdktn/provider-aws/lib/eks-cluster';
import { EksAddon } from '@cdktn/provider-aws/lib/eks-addon';
import { DataAwsEksAddonVersion } from '@cdktn/provider-aws/lib/data-aws-eks-addon-version';
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
import { WIDE_API_ACCESS_TAG } from '../platform.js';
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
    const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-policy', { role: clusterRole.name, policyArn: managed('AmazonEKSClusterPolicy') });

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
      // Wide public API ranges were accepted on purpose (cluster.allowWidePublicAccess): say so where the policy check looks.
      ...(config.cluster.allowWidePublicAccess && config.cluster.publicAccessCidrs.length > 0 ? { tags: { [WIDE_API_ACCESS_TAG]: 'wide-accepted' } } : {}),
      // The role must hold its policy before EKS uses it (and keep it until the cluster is gone).
      dependsOn: [logs.group, clusterPolicy],
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
    const nodePolicies = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore'].map(
      (policy) => new IamRolePolicyAttachment(this, `node-${policy}`, { role: nodeRole.name, policyArn: managed(policy) }),
    );

    // Networking add-ons come before nodes (a node cannot become Ready without them); the rest after.
    const cniRole = new PodIdentityRole(this, 'vpc-cni-identity', {
      roleName: `${config.name}-vpc-cni`,
      clusterName: this.cluster.name,
      namespace: 'kube-system',
      serviceAccount: 'aws-node',
      managedPolicyArns: [managed('AmazonEKS_CNI_Policy')],
      associate: false,
    });
    const addon = (name: string, options: { config?: unknown; role?: PodIdentityRole; serviceAccount?: string; dependsOn?: ITerraformDependable[] } = {}) =>
      new EksAddon(this, `addon-${name}`, {
        clusterName: this.cluster.name,
        addonName: name,
        // The newest version EKS offers for the cluster's Kubernetes version, looked up at plan time:
        // an upgrade of the cluster brings its add-ons along instead of leaving the first ones.
        addonVersion: new DataAwsEksAddonVersion(this, `addon-${name}-version`, { addonName: name, kubernetesVersion: this.cluster.version, mostRecent: true }).version,
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'PRESERVE',
        configurationValues: options.config ? JSON.stringify(options.config) : undefined,
        podIdentityAssociation: options.role ? [{ roleArn: options.role.role.arn, serviceAccount: options.serviceAccount! }] : undefined,
        dependsOn: options.dependsOn,
      });
    const networking = [
      addon('eks-pod-identity-agent'),
      // Network policies for workspace isolation; a small warm pool instead of a spare ENI per node.
      addon('vpc-cni', { role: cniRole, serviceAccount: 'aws-node', config: { enableNetworkPolicy: 'true', env: { WARM_IP_TARGET: String(2), WARM_ENI_TARGET: '0' } } }),
      addon('kube-proxy'),
    ];

    const ng = sizing.nodeGroups;
    const common = {
      clusterName: this.cluster.name,
      nodeRoleArn: nodeRole.arn,
      labelKey: NODE_GROUP_KEY,
      kubernetesVersion: config.cluster.version,
      imdsHopLimit: 1 as const,
      dependsOn: [...nodePolicies, ...networking],
    };
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
    // #endregion node-groups

    // #region addons
    const ebsRole = new PodIdentityRole(this, 'ebs-csi-identity', {
      roleName: `${config.name}-ebs-csi`,
      clusterName: this.cluster.name,
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicyArns: [managed('service-role/AmazonEBSCSIDriverPolicy')],
      associate: false,
    });
    // System Deployments run on the tainted coder-control nodes, so they wait for them.
    const onControlNodes = placement(NODE_GROUPS.control);
    const afterNodes = [this.nodeGroups.control.nodeGroup];
    addon('coredns', { config: { ...onControlNodes, replicaCount: Math.max(2, config.availabilityZones.length) }, dependsOn: afterNodes });
    addon('aws-ebs-csi-driver', { role: ebsRole, serviceAccount: 'ebs-csi-controller-sa', config: { controller: onControlNodes, node: { tolerateAllTaints: true } }, dependsOn: afterNodes });
    addon('metrics-server', { config: onControlNodes, dependsOn: afterNodes });
    // #endregion addons

    new TerraformOutput(this, 'cluster_name', { value: this.cluster.name });
    new TerraformOutput(this, 'cluster_endpoint', { value: this.cluster.endpoint });
    new TerraformOutput(this, 'cluster_security_group_id', { value: this.cluster.vpcConfig.clusterSecurityGroupId });
  }
}
