/**
 * AWS service quotas the configured capacity needs (Property 2), as a pure
 * function of the deployment, each with the reasoning behind the number.
 */
import type { Deployment } from '../deployment.js';
import { INSTANCE_TYPES, workspaceInstanceType } from '../capacity/instances.js';
import { isGpuSize, TSHIRT_SIZES } from '../coder/catalog.js';

export interface QuotaNeed {
  serviceCode: string;
  quotaCode: string;
  name: string;
  /** AWS default, used when the account has no applied value. */
  awsDefault: number;
  needed: number;
  reasoning: string;
}

/** The smallest GPU size of the catalog: every GPU workspace takes at least the vCPUs of the instance it runs on. */
const SMALLEST_GPU_SIZE = [...TSHIRT_SIZES].filter(isGpuSize).sort((a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB)[0]!;
export const GPU_WORKSPACE_TYPE = workspaceInstanceType(SMALLEST_GPU_SIZE, true);
export const GPU_WORKSPACE_VCPU = INSTANCE_TYPES[GPU_WORKSPACE_TYPE].vcpu;

// #region quota-needs
export function quotaNeeds(deployment: Deployment): QuotaNeed[] {
  const { config, sizing } = deployment;
  const ng = sizing.nodeGroups;
  const azs = config.availabilityZones.length;
  const ws = sizing.workspaces.peak;
  const vcpu = (type: keyof typeof INSTANCE_TYPES) => INSTANCE_TYPES[type].vcpu;
  const nodeVcpu = ng.control.max * vcpu(ng.control.instanceType) + ng.provisioner.max * vcpu(ng.provisioner.instanceType) + ng.workspace.max * vcpu(ng.workspace.instanceType);
  const ec2Vcpu = (ws.ec2Linux + ws.ec2Windows) * Math.ceil(config.capacity.workspace.cpu);
  const nodes = ng.control.max + ng.provisioner.max + ng.workspace.max;
  const eniPerNode = (g: typeof ng.control) => Math.ceil(g.ipsPerNode / (INSTANCE_TYPES[g.instanceType].ipsPerEni - 1));
  const enis = ng.control.max * eniPerNode(ng.control) + ng.provisioner.max * eniPerNode(ng.provisioner) + ng.workspace.max * eniPerNode(ng.workspace) + ws.ec2Linux + ws.ec2Windows + ws.ec2Gpu + 11 * azs + 2 * azs + 2 * (1 + config.database.readers);
  const nodeDiskGiB = ng.control.max * 50 + ng.provisioner.max * 100 + ng.workspace.max * 200;
  const homeGiB = (ws.pod + ws.ec2Linux + ws.ec2Windows + ws.ec2Gpu) * config.capacity.workspace.storageGiB;
  return [
    { serviceCode: 'ec2', quotaCode: 'L-1216C47A', name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances (vCPUs)', awsDefault: 5, needed: nodeVcpu + ec2Vcpu, reasoning: `node groups at max: ${nodeVcpu} vCPUs; ${ws.ec2Linux + ws.ec2Windows} EC2 workspaces × ${Math.ceil(config.capacity.workspace.cpu)} vCPUs: ${ec2Vcpu}` },
    { serviceCode: 'ec2', quotaCode: 'L-DB2E81BA', name: 'Running On-Demand G and VT instances (vCPUs)', awsDefault: 0, needed: ws.ec2Gpu * GPU_WORKSPACE_VCPU, reasoning: `${ws.ec2Gpu} GPU workspaces × ${GPU_WORKSPACE_VCPU} vCPUs (${GPU_WORKSPACE_TYPE}, which the smallest GPU size, ${SMALLEST_GPU_SIZE.name}, runs on; larger sizes need more)` },
    { serviceCode: 'ec2', quotaCode: 'L-0263D0A3', name: 'EC2-VPC Elastic IPs', awsDefault: 5, needed: azs, reasoning: `one per NAT gateway, ${azs} AZs` },
    { serviceCode: 'vpc', quotaCode: 'L-FE5A380F', name: 'NAT gateways per Availability Zone', awsDefault: 5, needed: 1, reasoning: 'one NAT gateway in each AZ' },
    { serviceCode: 'vpc', quotaCode: 'L-F678F1CE', name: 'VPCs per Region', awsDefault: 5, needed: 1, reasoning: 'one VPC (plus any the account already has)' },
    { serviceCode: 'vpc', quotaCode: 'L-DF5E4CA3', name: 'Network interfaces per Region', awsDefault: 5000, needed: enis, reasoning: `${nodes} nodes at max with their ENIs, EC2 workspaces, interface endpoints, NAT, NLB and Aurora` },
    { serviceCode: 'elasticloadbalancing', quotaCode: 'L-69A177A2', name: 'Network Load Balancers per Region', awsDefault: 50, needed: 1, reasoning: 'the Coder NLB' },
    { serviceCode: 'eks', quotaCode: 'L-BD136A63', name: 'Nodes per managed node group', awsDefault: 450, needed: Math.max(ng.control.max, ng.provisioner.max, ng.workspace.max), reasoning: `largest group: coder-ws max ${ng.workspace.max}` },
    { serviceCode: 'ebs', quotaCode: 'L-7A658B76', name: 'Storage for General Purpose SSD (gp3) volumes, in TiB', awsDefault: 50, needed: Math.ceil((nodeDiskGiB + homeGiB) / 1024), reasoning: `node volumes ${nodeDiskGiB} GiB + workspace homes ${homeGiB} GiB` },
    { serviceCode: 'rds', quotaCode: 'L-952B80B8', name: 'DB clusters', awsDefault: 40, needed: 1, reasoning: 'the Coder Aurora cluster' },
    { serviceCode: 'rds', quotaCode: 'L-7B6409FD', name: 'DB instances', awsDefault: 40, needed: 1 + config.database.readers, reasoning: `writer + ${config.database.readers} readers` },
  ];
}
// #endregion quota-needs

export interface QuotaCheck extends QuotaNeed {
  available: number;
  source: 'applied' | 'aws-default';
  ok: boolean;
}

/** Pass iff every need is within what the account has. */
export function evaluateQuotas(needs: QuotaNeed[], available: Map<string, { value: number; source: 'applied' | 'aws-default' }>): { ok: boolean; checks: QuotaCheck[] } {
  const checks = needs.map((n) => {
    const a = available.get(`${n.serviceCode}/${n.quotaCode}`) ?? { value: n.awsDefault, source: 'aws-default' as const };
    return { ...n, available: a.value, source: a.source, ok: n.needed <= a.value };
  });
  return { ok: checks.every((c) => c.ok), checks };
}

/** The command that asks AWS for the increase a failed check needs. */
export function increaseCommand(check: QuotaCheck, region: string): string {
  return `aws service-quotas request-service-quota-increase --region ${region} --service-code ${check.serviceCode} --quota-code ${check.quotaCode} --desired-value ${check.needed}`;
}
