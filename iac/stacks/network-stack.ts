/**
 * The network stack: the VPC and its five subnet tiers from the capacity
 * model's subnet plan, NAT per AZ, flow logs and endpoints.
 */
import { TerraformOutput } from 'cdktn';
import type { Construct } from 'constructs';
import type { Deployment } from '../deployment.js';
import type { Tier } from '../capacity/network-plan.js';
import { TieredVpc } from '../constructs/tiered-vpc.js';
import { GuideStack } from './guide-stack.js';

/** Interface endpoints nodes in private subnets need to pull images, join the cluster and reach AWS APIs. */
// #region interface-endpoints
export const INTERFACE_ENDPOINTS = [
  'ecr.api', 'ecr.dkr', 'sts', 'ec2', 'logs', 'secretsmanager', 'kms',
  'eks', 'eks-auth', 'elasticloadbalancing', 'autoscaling',
] as const;
// #endregion interface-endpoints

// #region subnet-tags
/** Discovery tags: the load balancer controller, and Karpenter if you add it later. */
export function subnetTags(tier: Tier, clusterName: string): Record<string, string> {
  const cluster = { [`kubernetes.io/cluster/${clusterName}`]: 'shared' };
  switch (tier) {
    case 'public':
      return { ...cluster, 'kubernetes.io/role/elb': '1' };
    case 'control':
      return { ...cluster, 'kubernetes.io/role/internal-elb': '1' };
    case 'provisioner':
      return cluster;
    case 'workspace':
      return { ...cluster, 'karpenter.sh/discovery': clusterName };
    case 'database':
      return {};
  }
}
// #endregion subnet-tags

export class NetworkStack extends GuideStack {
  readonly vpc: TieredVpc;

  constructor(scope: Construct, deployment: Deployment) {
    const { config, network } = deployment;
    super(scope, 'network', config);

    // #region network-stack
    this.vpc = new TieredVpc(this, 'vpc', {
      name: config.name,
      region: config.region,
      cidr: network.vpcCidr,
      subnets: network.subnets.map((s) => ({
        tier: s.tier,
        az: s.az,
        cidr: s.cidr,
        public: s.tier === 'public',
        tags: subnetTags(s.tier, config.name),
      })),
      flowLogRetentionDays: config.network.flowLogRetentionDays,
      interfaceEndpoints: [...INTERFACE_ENDPOINTS],
      privateTiers: ['control', 'provisioner', 'workspace', 'database'],
    });
    // #endregion network-stack

    new TerraformOutput(this, 'vpc_id', { value: this.vpc.vpc.id });
    for (const tier of ['public', 'control', 'provisioner', 'workspace', 'database'] as const) {
      new TerraformOutput(this, `${tier}_subnet_ids`, { value: this.vpc.subnetIds(tier) });
    }
  }
}
