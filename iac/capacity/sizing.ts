/**
 * Sizing: pure functions from capacity inputs to replicas, node counts and
 * database capacity. No AWS, no I/O; property-tested.
 */
import { allocatable, INSTANCE_TYPES, maxPods, type InstanceTypeName } from './instances.js';
import { selectTier, type CoderTier } from './tiers.js';

/** Per-node overhead of the DaemonSets every node runs (aws-node, kube-proxy, ebs-csi-node, eks-pod-identity-agent, node exporter). */
export const DAEMONSET_OVERHEAD = { cpu: 0.35, memoryGiB: 0.6, pods: 5, podIps: 2 } as const;

/** The VPC CNI keeps this many spare IPs per node (WARM_IP_TARGET), instead of a whole spare ENI. */
export const WARM_IP_TARGET = 2;

/** EKS default quota "Nodes per managed node group" (L-BD136A63). */
export const MAX_NODES_PER_MANAGED_GROUP = 450;

/** Aurora PostgreSQL's default connection formula, DBInstanceClassMemory / 9531392, at 2 GiB per ACU. */
export const CONNECTIONS_PER_ACU = Math.floor((2 * 1024 ** 3) / 9531392);

/** Aurora Serverless v2 upper bound. */
export const MAX_ACU = 256;

export interface CapacityInputs {
  users: number;
  peakWorkspaces: number;
  offHoursWorkspaces: number;
  growthBuffer: number;
  buildShare: number;
  workspaceMix: { pod: number; ec2Linux: number; ec2Windows: number; ec2Gpu: number };
  workspace: { cpu: number; memoryGiB: number; storageGiB: number; cpuRequestRatio: number };
}

export interface SizingInputs {
  capacity: CapacityInputs;
  nodeGroups: { control: InstanceTypeName; provisioner: InstanceTypeName; workspace: InstanceTypeName };
  availabilityZones: number;
  database: { minAcu: number; connectionsPerReplica: number };
}

export interface NodeGroupSize {
  instanceType: InstanceTypeName;
  /** Pods of the group's workload that fit one node. */
  perNode: number;
  peak: number;
  offHours: number;
  /** Scaling bounds of the managed node group. */
  min: number;
  max: number;
  /** IPs one node holds: its own, workload and DaemonSet pods, the warm pool. */
  ipsPerNode: number;
}

export interface WorkspaceCounts {
  pod: number;
  ec2Linux: number;
  ec2Windows: number;
  ec2Gpu: number;
}

export interface Sizing {
  tier: CoderTier;
  coderd: { replicas: number; cpu: number; memoryGiB: number };
  provisioners: { peak: number; offHours: number; cpu: number; memoryGiB: number };
  workspaces: { peak: WorkspaceCounts; offHours: WorkspaceCounts };
  nodeGroups: { control: NodeGroupSize; provisioner: NodeGroupSize; workspace: NodeGroupSize };
  database: { minAcu: number; maxAcu: number; requiredConnections: number; maxConnections: number };
}

/** A sizing problem, attached to the config field that fixes it. */
export class SizingError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'SizingError';
  }
}

export function splitWorkspaces(total: number, mix: CapacityInputs['workspaceMix']): WorkspaceCounts {
  // Round every share up: capacity and quotas must cover each kind, and the counts must never
  // shrink when the total grows (off-hours at or below peak, kind by kind). Float noise below
  // a millionth is dropped first, so that 0.7 × 3000 stays 2100.
  const share = (s: number) => Math.ceil(Math.round(total * s * 1e6) / 1e6);
  return { pod: share(mix.pod), ec2Linux: share(mix.ec2Linux), ec2Windows: share(mix.ec2Windows), ec2Gpu: share(mix.ec2Gpu) };
}

/** Pods of a given request that fit one node, after kubelet reservations and DaemonSets. */
export function podsPerNode(type: InstanceTypeName, request: { cpu: number; memoryGiB: number }): number {
  const spec = INSTANCE_TYPES[type];
  const alloc = allocatable(spec);
  return Math.max(
    0,
    Math.floor(
      Math.min(
        (alloc.cpu - DAEMONSET_OVERHEAD.cpu) / request.cpu,
        (alloc.memoryGiB - DAEMONSET_OVERHEAD.memoryGiB) / request.memoryGiB,
        maxPods(spec) - DAEMONSET_OVERHEAD.pods,
      ),
    ),
  );
}

function ipsPerNode(perNode: number): number {
  return 1 + perNode + DAEMONSET_OVERHEAD.podIps + WARM_IP_TARGET;
}

function scaledGroup(type: InstanceTypeName, perNode: number, peakPods: number, offHoursPods: number, buffer: number, field: string): NodeGroupSize {
  const peak = Math.ceil(peakPods / perNode);
  const offHours = Math.ceil(offHoursPods / perNode);
  const max = Math.max(peak, Math.ceil(peak * (1 + buffer)));
  if (max > MAX_NODES_PER_MANAGED_GROUP) {
    throw new SizingError(
      field,
      `needs up to ${max} ${type} nodes, above the ${MAX_NODES_PER_MANAGED_GROUP} nodes a managed node group allows (quota L-BD136A63): choose a larger instance type or lower the capacity`,
    );
  }
  return { instanceType: type, perNode, peak, offHours, min: offHours, max, ipsPerNode: ipsPerNode(perNode) };
}

// #region sizing
export function size(inputs: SizingInputs): Sizing {
  const { capacity } = inputs;
  const peakBuilds = Math.ceil(capacity.peakWorkspaces * capacity.buildShare);
  const offHoursBuilds = Math.ceil(capacity.offHoursWorkspaces * capacity.buildShare);

  const tier = selectTier(capacity.users, capacity.peakWorkspaces, peakBuilds);
  if (!tier) {
    throw new SizingError('capacity', 'exceeds the largest validated Coder architecture (10,000 users, 6,000 running workspaces, 600 builds): split the deployment or size it with Coder');
  }

  // coderd: the tier's static replica count, at least one per AZ, never autoscaled.
  const coderd = { replicas: Math.max(tier.coderd.replicas, inputs.availabilityZones), cpu: tier.coderd.cpu, memoryGiB: tier.coderd.memoryGiB };
  const coderdPerNode = podsPerNode(inputs.nodeGroups.control, coderd);
  if (coderdPerNode < 1) {
    throw new SizingError('nodeGroups.control', `${inputs.nodeGroups.control} cannot hold a coderd replica (${coderd.cpu} vCPU, ${coderd.memoryGiB} GiB): choose a larger instance type, e.g. m5.2xlarge`);
  }
  // One replica per node (anti-affinity), plus one node for observability and rolling updates.
  const controlNodes = coderd.replicas + 1;
  const control: NodeGroupSize = {
    instanceType: inputs.nodeGroups.control,
    perNode: 1,
    peak: controlNodes,
    offHours: controlNodes,
    min: controlNodes,
    max: controlNodes,
    ipsPerNode: ipsPerNode(Math.min(maxPods(INSTANCE_TYPES[inputs.nodeGroups.control]) - DAEMONSET_OVERHEAD.pods, 30)),
  };

  const provisioners = { peak: peakBuilds, offHours: offHoursBuilds, cpu: tier.provisioner.cpu, memoryGiB: tier.provisioner.memoryGiB };
  const provPerNode = podsPerNode(inputs.nodeGroups.provisioner, tier.provisioner);
  if (provPerNode < 1) throw new SizingError('nodeGroups.provisioner', `${inputs.nodeGroups.provisioner} cannot hold a provisioner (1 vCPU, 1 GiB)`);
  const provisioner = scaledGroup(inputs.nodeGroups.provisioner, provPerNode, peakBuilds, offHoursBuilds, capacity.growthBuffer, 'nodeGroups.provisioner');

  const peakMix = splitWorkspaces(capacity.peakWorkspaces, capacity.workspaceMix);
  const offMix = splitWorkspaces(capacity.offHoursWorkspaces, capacity.workspaceMix);
  const request = { cpu: capacity.workspace.cpu * capacity.workspace.cpuRequestRatio, memoryGiB: capacity.workspace.memoryGiB };
  const wsPerNode = podsPerNode(inputs.nodeGroups.workspace, request);
  if (wsPerNode < 1) {
    throw new SizingError('nodeGroups.workspace', `${inputs.nodeGroups.workspace} cannot hold one average workspace (${request.cpu} vCPU requested, ${request.memoryGiB} GiB): choose a larger instance type`);
  }
  const workspace = scaledGroup(inputs.nodeGroups.workspace, wsPerNode, peakMix.pod, offMix.pod, capacity.growthBuffer, 'nodeGroups.workspace');

  // Aurora: capacity ceiling from the tier's database memory (1 ACU ≈ 2 GiB); floor high enough
  // that max_connections at minimum capacity covers every coderd pool with 20% to spare.
  const maxAcu = Math.min(MAX_ACU, Math.ceil(tier.database.memoryGiB / 2));
  const requiredConnections = Math.ceil(coderd.replicas * inputs.database.connectionsPerReplica * 1.2);
  const acuForConnections = Math.ceil((requiredConnections / CONNECTIONS_PER_ACU) * 2) / 2;
  const minAcu = Math.max(inputs.database.minAcu, acuForConnections, 0.5);
  if (minAcu > maxAcu) {
    throw new SizingError('database.minAcu', `${minAcu} ACU is above the ${maxAcu} ACU the ${tier.name} tier needs at most: lower database.minAcu`);
  }
  const maxConnections = Math.floor(minAcu * CONNECTIONS_PER_ACU);

  return {
    tier,
    coderd,
    provisioners,
    workspaces: { peak: peakMix, offHours: offMix },
    nodeGroups: { control, provisioner, workspace },
    database: { minAcu, maxAcu, requiredConnections, maxConnections },
  };
}
// #endregion sizing
