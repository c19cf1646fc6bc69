/**
 * The subnet plan: five tiers, one subnet per tier and AZ, carved from the VPC
 * range. Subnet sizes come from the capacity model (IPs each tier needs at
 * peak, with the growth buffer) and the configured minimum sizes. Address
 * arithmetic uses the ip-address library.
 */
import { Address4 } from 'ip-address';
import type { Sizing } from './sizing.js';
import { SizingError } from './sizing.js';

export const TIERS = ['public', 'control', 'provisioner', 'workspace', 'database'] as const;
export type Tier = (typeof TIERS)[number];

/** AWS reserves the first four and the last address of every subnet. */
export const RESERVED_PER_SUBNET = 5;

export interface PlannedSubnet {
  tier: Tier;
  az: string;
  cidr: string;
  /** Addresses usable for ENIs. */
  usable: number;
  /** Addresses the tier needs in this AZ at peak, growth buffer included. */
  needed: number;
}

export interface NetworkPlan {
  vpcCidr: string;
  subnets: PlannedSubnet[];
  /** Addresses of the VPC left unallocated, for growth. */
  free: number;
}

export interface NetworkInputs {
  vpcCidr: string;
  availabilityZones: string[];
  subnetPrefix: Record<Tier, number>;
  growthBuffer: number;
  databaseInstances: number;
}

/** IPs each tier needs across all AZs at peak, before the growth buffer. */
export function tierDemand(sizing: Sizing, inputs: Pick<NetworkInputs, 'availabilityZones' | 'databaseInstances'>): Record<Tier, number> {
  const azs = inputs.availabilityZones.length;
  const ng = sizing.nodeGroups;
  const ec2 = sizing.workspaces.peak.ec2Linux + sizing.workspaces.peak.ec2Windows + sizing.workspaces.peak.ec2Gpu;
  return {
    // NAT gateway and NLB ENI per AZ, and room for the load balancer controller to add more.
    public: azs * 2 + 8,
    control: ng.control.max * ng.control.ipsPerNode,
    provisioner: ng.provisioner.max * ng.provisioner.ipsPerNode,
    workspace: ng.workspace.max * ng.workspace.ipsPerNode + ec2,
    // Aurora needs spare addresses while it replaces or scales instances.
    database: inputs.databaseInstances * 2,
  };
}

/** The longest prefix (smallest subnet) whose usable addresses cover `needed`. */
export function prefixFor(needed: number): number {
  for (let prefix = 28; prefix >= 8; prefix--) if (2 ** (32 - prefix) - RESERVED_PER_SUBNET >= needed) return prefix;
  throw new SizingError('capacity', `a subnet of ${needed} addresses is larger than any VPC can hold`);
}

// #region plan-network
export function planNetwork(sizing: Sizing, inputs: NetworkInputs): NetworkPlan {
  const vpc = new Address4(inputs.vpcCidr);
  const vpcStart = vpc.startAddress().bigInt();
  const vpcEnd = vpc.endAddress().bigInt();
  const azs = inputs.availabilityZones;
  const demand = tierDemand(sizing, inputs);

  const blocks = TIERS.flatMap((tier) => {
    const needed = Math.ceil((demand[tier] * (1 + inputs.growthBuffer)) / azs.length);
    const prefix = Math.min(inputs.subnetPrefix[tier], prefixFor(needed));
    return azs.map((az) => ({ tier, az, prefix, needed }));
  });

  // Largest blocks first: each then starts on its own alignment, with no holes between.
  const order = blocks.map((b, i) => ({ ...b, i })).sort((a, b) => a.prefix - b.prefix || a.i - b.i);
  let cursor = vpcStart;
  const placed = new Map<number, PlannedSubnet>();
  for (const block of order) {
    const size = 1n << BigInt(32 - block.prefix);
    const start = ((cursor + size - 1n) / size) * size;
    const end = start + size - 1n;
    if (end > vpcEnd) {
      const total = blocks.reduce((sum, b) => sum + 2 ** (32 - b.prefix), 0);
      throw new SizingError(
        'network.vpcCidr',
        `${inputs.vpcCidr} is too small for the capacity: the subnet plan needs ${total} addresses and the VPC holds ${2 ** (32 - vpc.subnetMask)}; use a larger range (for example a /${Math.max(8, 32 - Math.ceil(Math.log2(total)))}) or lower the capacity`,
      );
    }
    placed.set(block.i, {
      tier: block.tier,
      az: block.az,
      cidr: `${Address4.fromBigInt(start).correctForm()}/${block.prefix}`,
      usable: Number(size) - RESERVED_PER_SUBNET,
      needed: block.needed,
    });
    cursor = end + 1n;
  }
  const subnets = blocks.map((_, i) => placed.get(i)!);
  const used = subnets.reduce((sum, s) => sum + s.usable + RESERVED_PER_SUBNET, 0);
  return { vpcCidr: inputs.vpcCidr, subnets, free: Number(vpcEnd - vpcStart + 1n) - used };
}
// #endregion plan-network

