/**
 * The capacity plan: subnets, node groups, sizing (generated/capacity/plan.json).
 * One module per artifact, so a page's bundle holds only the data its own tables show.
 */
import plan from '../../generated/capacity/plan.json';
import { c, n, NODE_GROUP_NAMES, t, WORKLOAD, type Table } from './cells';

export function cidrPlanTable(): Table {
  return {
    label: 'Subnet plan',
    header: ['Tier', 'Availability Zone', 'CIDR', 'Usable addresses', 'Needed at peak (with buffer)'],
    rows: plan.network.subnets.map((s) => [t(s.tier), t(s.az), c(s.cidr), t(n(s.usable)), t(n(s.needed))]),
    notes: [`VPC ${plan.network.vpcCidr}: ${n(plan.network.free)} addresses left unallocated for growth.`],
  };
}

export function nodeGroupTable(): Table {
  const groups = plan.nodeGroups as Record<string, { instanceType: string; perNode: number; peak: number; offHours: number; min: number; max: number }>;
  return {
    label: 'Node groups',
    header: ['Node group', 'Instance type', 'Per node', 'Peak nodes', 'Off-hours nodes', 'Min / max'],
    rows: Object.entries(groups).map(([key, g]) => [
      c(NODE_GROUP_NAMES[key] ?? key),
      c(g.instanceType),
      t(`${g.perNode} ${WORKLOAD[key] ?? 'pod'}${g.perNode === 1 ? '' : 's'}`),
      t(g.peak),
      t(g.offHours),
      t(`${g.min} / ${g.max}`),
    ]),
  };
}

export function sizingSummaryTable(): Table {
  const { tier, coderd, provisioners, database, workspaces, inputs } = plan;
  const ec2 = workspaces.peak.ec2Linux + workspaces.peak.ec2Windows + workspaces.peak.ec2Gpu;
  return {
    label: 'Sizing summary',
    header: ['Component', 'Size', 'Why'],
    rows: [
      [t('Coder tier'), t(tier.name), t(`${n(inputs.users)} users and ${n(inputs.peakWorkspaces)} running workspaces: the smallest validated architecture none of whose limits (${n(tier.users)} users, ${n(tier.runningWorkspaces)} running workspaces, ${tier.concurrentBuilds} builds) is exceeded`)],
      [t('coderd'), t(`${coderd.replicas} replicas × ${coderd.cpu} vCPU / ${coderd.memoryGiB} GiB, static`), t("the tier's replica count and size; never autoscaled")],
      [t('Provisioners'), t(`${provisioners.peak} at peak, ${provisioners.offHours} off-hours × ${provisioners.cpu} vCPU / ${provisioners.memoryGiB} GiB`), t(`one per concurrent build; builds are ${Math.round(inputs.buildShare * 100)}% of running workspaces`)],
      [t('Workspaces at peak'), t(`${n(workspaces.peak.pod)} pods, ${n(ec2)} EC2 (${workspaces.peak.ec2Linux} Linux, ${workspaces.peak.ec2Windows} Windows, ${workspaces.peak.ec2Gpu} GPU)`), t('the configured workspace mix')],
      [t('Aurora Serverless v2'), t(`${database.minAcu}–${database.maxAcu} ACU, max_connections ${database.maxConnections}`), t(`ceiling from the tier's database memory (1 ACU ≈ 2 GiB); floor keeps ${database.requiredConnections} connections (every coderd pool + 20%) open at minimum capacity`)],
    ],
  };
}
