/**
 * Facts about the EC2 instance types the guide sizes with: vCPUs, memory, and
 * the ENI limits that bound pods per node under the VPC CNI. Values are from
 * the EC2 instance type documentation; maxPods follows the EKS formula
 * ENIs × (IPv4 addresses per ENI − 1) + 2.
 */
export interface InstanceType {
  vcpu: number;
  memoryGiB: number;
  enis: number;
  ipsPerEni: number;
  /** Accelerated (G/P family) types count against their own vCPU quota. */
  family: 'standard' | 'gpu';
}

// #region instance-catalog
export const INSTANCE_TYPES = {
  'm5.large': { vcpu: 2, memoryGiB: 8, enis: 3, ipsPerEni: 10, family: 'standard' },
  'm5.xlarge': { vcpu: 4, memoryGiB: 16, enis: 4, ipsPerEni: 15, family: 'standard' },
  'm5.2xlarge': { vcpu: 8, memoryGiB: 32, enis: 4, ipsPerEni: 15, family: 'standard' },
  'm5.4xlarge': { vcpu: 16, memoryGiB: 64, enis: 8, ipsPerEni: 30, family: 'standard' },
  'm5.8xlarge': { vcpu: 32, memoryGiB: 128, enis: 8, ipsPerEni: 30, family: 'standard' },
  'm6i.2xlarge': { vcpu: 8, memoryGiB: 32, enis: 4, ipsPerEni: 15, family: 'standard' },
  'm6i.4xlarge': { vcpu: 16, memoryGiB: 64, enis: 8, ipsPerEni: 30, family: 'standard' },
  'm7i.2xlarge': { vcpu: 8, memoryGiB: 32, enis: 4, ipsPerEni: 15, family: 'standard' },
  'm7i.4xlarge': { vcpu: 16, memoryGiB: 64, enis: 8, ipsPerEni: 30, family: 'standard' },
  'c5.xlarge': { vcpu: 4, memoryGiB: 8, enis: 4, ipsPerEni: 15, family: 'standard' },
  'c5.2xlarge': { vcpu: 8, memoryGiB: 16, enis: 4, ipsPerEni: 15, family: 'standard' },
  'c5.4xlarge': { vcpu: 16, memoryGiB: 32, enis: 8, ipsPerEni: 30, family: 'standard' },
  'g4dn.xlarge': { vcpu: 4, memoryGiB: 16, enis: 3, ipsPerEni: 10, family: 'gpu' },
  'g5.2xlarge': { vcpu: 8, memoryGiB: 32, enis: 4, ipsPerEni: 15, family: 'gpu' },
  'g5.4xlarge': { vcpu: 16, memoryGiB: 64, enis: 8, ipsPerEni: 30, family: 'gpu' },
  'g5.8xlarge': { vcpu: 32, memoryGiB: 128, enis: 8, ipsPerEni: 30, family: 'gpu' },
  'c7i.xlarge': { vcpu: 4, memoryGiB: 8, enis: 4, ipsPerEni: 15, family: 'standard' },
  'c7i.2xlarge': { vcpu: 8, memoryGiB: 16, enis: 4, ipsPerEni: 15, family: 'standard' },
  'm7i.large': { vcpu: 2, memoryGiB: 8, enis: 3, ipsPerEni: 10, family: 'standard' },
  'm7i.xlarge': { vcpu: 4, memoryGiB: 16, enis: 4, ipsPerEni: 15, family: 'standard' },
  'm7i.8xlarge': { vcpu: 32, memoryGiB: 128, enis: 8, ipsPerEni: 30, family: 'standard' },
  'r7i.2xlarge': { vcpu: 8, memoryGiB: 64, enis: 4, ipsPerEni: 15, family: 'standard' },
} as const satisfies Record<string, InstanceType>;
// #endregion instance-catalog

export type InstanceTypeName = keyof typeof INSTANCE_TYPES;
export const INSTANCE_TYPE_NAMES = Object.keys(INSTANCE_TYPES) as [InstanceTypeName, ...InstanceTypeName[]];

/** The EKS max-pods formula for the VPC CNI without prefix delegation. */
export function maxPods(type: InstanceType): number {
  return type.enis * (type.ipsPerEni - 1) + 2;
}

/**
 * What the kubelet leaves for pods, following the EKS AMI's reservations:
 * CPU 6% of the first core, 1% of the second, 0.5% of the next two, 0.25% of
 * the rest; memory 255 MiB + 11 MiB per pod, plus a 100 MiB hard-eviction floor.
 */
export function allocatable(type: InstanceType): { cpu: number; memoryGiB: number } {
  const cores = type.vcpu;
  const reservedCpu =
    0.06 * Math.min(cores, 1) +
    0.01 * Math.min(Math.max(cores - 1, 0), 1) +
    0.005 * Math.min(Math.max(cores - 2, 0), 2) +
    0.0025 * Math.max(cores - 4, 0);
  const reservedMiB = 255 + 11 * maxPods(type) + 100;
  return { cpu: cores - reservedCpu, memoryGiB: type.memoryGiB - reservedMiB / 1024 };
}

// #region workspace-instance-types
/** Instance types EC2 workspaces run on: current generations, compute, general and memory optimised. */
export const EC2_WORKSPACE_TYPES = ['c7i.xlarge', 'c7i.2xlarge', 'm7i.large', 'm7i.xlarge', 'm7i.2xlarge', 'm7i.4xlarge', 'm7i.8xlarge', 'r7i.2xlarge'] as const satisfies readonly InstanceTypeName[];
/** GPU instance types of base-ec2-gpu's catalog (NVIDIA T4 for g4dn, A10G for g5). */
export const GPU_WORKSPACE_TYPES = ['g4dn.xlarge', 'g5.2xlarge', 'g5.4xlarge', 'g5.8xlarge'] as const satisfies readonly InstanceTypeName[];

/**
 * The smallest instance type (fewest vCPUs, then least memory) of a workspace
 * catalog that gives a compute profile at least its vCPUs and memory.
 */
export function workspaceInstanceType(profile: { vcpu: number; memoryGiB: number }, gpu: boolean): InstanceTypeName {
  const catalog: readonly InstanceTypeName[] = gpu ? GPU_WORKSPACE_TYPES : EC2_WORKSPACE_TYPES;
  const fits = catalog
    .filter((t) => INSTANCE_TYPES[t].vcpu >= profile.vcpu && INSTANCE_TYPES[t].memoryGiB >= profile.memoryGiB)
    .sort((a, b) => INSTANCE_TYPES[a].vcpu - INSTANCE_TYPES[b].vcpu || INSTANCE_TYPES[a].memoryGiB - INSTANCE_TYPES[b].memoryGiB);
  if (!fits[0]) throw new Error(`no ${gpu ? 'GPU' : 'EC2'} workspace instance type has ${profile.vcpu} vCPUs and ${profile.memoryGiB} GiB: add one to ${gpu ? 'GPU' : 'EC2'}_WORKSPACE_TYPES in iac/capacity/instances.ts`);
  return fits[0];
}
// #endregion workspace-instance-types
