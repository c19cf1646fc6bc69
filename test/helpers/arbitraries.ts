/** fast-check generators of deployment configs: valid ones, and targeted breakages. */
import fc from 'fast-check';
import { ConfigError } from '../../iac/config/index.js';
import { resolveDeployment, type Deployment } from '../../iac/deployment.js';
import { production } from '../../iac/config/profiles/production.js';
import type { DeploymentConfigInput } from '../../iac/config/schema.js';

const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'] as const;

/** Valid-looking configs across the space the guide supports; a few are refused by sizing (filter with resolve). */
export const validConfig: fc.Arbitrary<DeploymentConfigInput> = fc
  .record({
    region: fc.constantFrom(...regions),
    azCount: fc.integer({ min: 2, max: 3 }),
    second: fc.integer({ min: 0, max: 99 }).filter((n) => n !== 100),
    users: fc.integer({ min: 10, max: 9000 }),
    peak: fc.integer({ min: 10, max: 4000 }),
    offShare: fc.double({ min: 0, max: 1, noNaN: true }),
    buffer: fc.double({ min: 0, max: 0.5, noNaN: true }),
    buildShare: fc.double({ min: 0.05, max: 0.2, noNaN: true }),
    weights: fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 })).filter(([a, b, c, d]) => a + b + c + d > 0),
    cpu: fc.constantFrom(1, 2, 4),
    memoryGiB: fc.constantFrom(2, 4, 8),
    ratio: fc.constantFrom(0.25, 0.5, 1),
    wsType: fc.constantFrom('m5.4xlarge', 'm5.8xlarge', 'm6i.4xlarge', 'm7i.4xlarge'),
    provType: fc.constantFrom('c5.2xlarge', 'c5.4xlarge'),
    readers: fc.integer({ min: 1, max: 2 }),
    retention: fc.integer({ min: 7, max: 35 }),
    zone: fc.stringMatching(/^[a-z][a-z0-9]{2,10}$/),
    sub: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/),
    startHour: fc.integer({ min: 5, max: 10 }),
    hours: fc.integer({ min: 6, max: 12 }),
    publicCidrs: fc.constantFrom<string[][]>([], ['203.0.113.0/24']),
    siteRoles: fc.constantFrom<Record<string, Array<'owner' | 'auditor' | 'template-admin' | 'user-admin'>>>({}, { admins: ['owner'] }, { 'tmpl-admins': ['template-admin', 'auditor'], ops: ['user-admin'] }),
  })
  .map((g): DeploymentConfigInput => {
    const total = g.weights.reduce((a, b) => a + b, 0);
    const [pod, ec2Linux, ec2Windows] = g.weights.map((w) => w / total);
    const ec2Gpu = 1 - pod! - ec2Linux! - ec2Windows!;
    const azs = ['a', 'b', 'c'].slice(0, g.azCount).map((s) => `${g.region}${s}`);
    return {
      ...production,
      region: g.region,
      availabilityZones: azs,
      network: { vpcCidr: `10.${g.second}.0.0/16`, reservedCidrs: ['10.100.0.0/16'] },
      dns: { hostedZone: `${g.zone}.com`, accessHost: `${g.sub}.${g.zone}.com` },
      capacity: {
        users: g.users,
        peakWorkspaces: g.peak,
        offHoursWorkspaces: Math.floor(g.peak * g.offShare),
        growthBuffer: g.buffer,
        buildShare: g.buildShare,
        workspaceMix: { pod: pod!, ec2Linux: ec2Linux!, ec2Windows: ec2Windows!, ec2Gpu: Math.max(0, ec2Gpu) },
        workspace: { cpu: g.cpu, memoryGiB: g.memoryGiB, storageGiB: 50, cpuRequestRatio: g.ratio },
      },
      peakWindow: { timezone: 'America/New_York', start: `${String(g.startHour).padStart(2, '0')}:00`, end: `${String(g.startHour + g.hours).padStart(2, '0')}:00`, weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI'] },
      nodeGroups: { control: 'm5.2xlarge', provisioner: g.provType as 'c5.2xlarge', workspace: g.wsType as 'm5.4xlarge' },
      cluster: { ...production.cluster, publicAccessCidrs: g.publicCidrs },
      database: { ...production.database, readers: g.readers, backupRetentionDays: g.retention },
      coder: { ...production.coder, siteRoleSync: g.siteRoles },
    };
  });

export interface Breakage {
  /** The field the error must name. */
  field: string;
  apply: (config: DeploymentConfigInput) => DeploymentConfigInput;
}

/** One targeted breakage, with random details, and the field its error must name. */
export const breakage: fc.Arbitrary<Breakage> = fc.oneof(
  fc.stringMatching(/^([A-Z][a-z]{2,8}|[a-z]{2,5}_[a-z]{2,5}|[a-z]{25,30}|-[a-z]{3})$/).map((name) => ({ field: 'name', apply: (c: DeploymentConfigInput) => ({ ...c, name }) })),
  fc.stringMatching(/^[a-z]{2,6}(-[a-z]{2,6})?$/).map((region) => ({ field: 'region', apply: (c: DeploymentConfigInput) => ({ ...c, region }) })),
  fc.constantFrom<string[][]>([], ['us-east-1a']).map((azs) => ({ field: 'availabilityZones', apply: (c: DeploymentConfigInput) => ({ ...c, availabilityZones: azs }) })),
  fc.constantFrom('eu-west-1a', 'us-west-2b').map((az) => ({ field: 'availabilityZones.0', apply: (c: DeploymentConfigInput) => ({ ...c, availabilityZones: [az, ...c.availabilityZones.slice(1)] }) })),
  fc.integer({ min: 1, max: 255 }).map((third) => ({ field: 'network.vpcCidr', apply: (c: DeploymentConfigInput) => ({ ...c, network: { ...c.network, vpcCidr: `10.0.${third}.0/16` } }) })),
  fc.integer({ min: 16, max: 20 }).map((prefix) => ({ field: 'network.vpcCidr', apply: (c: DeploymentConfigInput) => ({ ...c, network: { ...c.network, vpcCidr: `10.100.0.0/${prefix}` } }) })),
  fc.integer({ min: 22, max: 24 }).map((prefix) => ({ field: 'network.vpcCidr', apply: (c: DeploymentConfigInput) => ({ ...c, network: { ...c.network, vpcCidr: `10.9.0.0/${prefix}` } }) })),
  fc.constantFrom('https://coder.example.com', 'coder example.com', 'coder.other.org').map((host) => ({ field: 'dns.accessHost', apply: (c: DeploymentConfigInput) => ({ ...c, dns: { ...c.dns, accessHost: host } }) })),
  fc.integer({ min: 1, max: 1000 }).map((extra) => ({ field: 'capacity.offHoursWorkspaces', apply: (c: DeploymentConfigInput) => ({ ...c, capacity: { ...c.capacity, offHoursWorkspaces: c.capacity.peakWorkspaces + extra } }) })),
  fc.double({ min: 0.01, max: 0.5, noNaN: true }).map((d) => ({ field: 'capacity.workspaceMix', apply: (c: DeploymentConfigInput) => ({ ...c, capacity: { ...c.capacity, workspaceMix: { ...c.capacity.workspaceMix, pod: c.capacity.workspaceMix.pod + d } } }) })),
  fc.tuple(fc.integer({ min: 12, max: 23 }), fc.integer({ min: 0, max: 11 })).map(([start, end]) => ({ field: 'peakWindow.end', apply: (c: DeploymentConfigInput) => ({ ...c, peakWindow: { ...c.peakWindow, start: `${start}:00`, end: `${String(end).padStart(2, '0')}:00` } }) })),
  fc.constantFrom('Mars/Olympus', 'EST5', 'New York').map((timezone) => ({ field: 'peakWindow.timezone', apply: (c: DeploymentConfigInput) => ({ ...c, peakWindow: { ...c.peakWindow, timezone } }) })),
  fc.integer({ min: 0, max: 6 }).map((days) => ({ field: 'database.backupRetentionDays', apply: (c: DeploymentConfigInput) => ({ ...c, database: { ...c.database, backupRetentionDays: days } }) })),
  fc.constant({ field: 'database.readers', apply: (c: DeploymentConfigInput) => ({ ...c, database: { ...c.database, readers: 0 } }) }),
  fc.constantFrom('m5.large', 'c5.xlarge').map((type) => ({ field: 'nodeGroups.workspace', apply: (c: DeploymentConfigInput) => ({ ...c, capacity: { ...c.capacity, workspace: { ...c.capacity.workspace, memoryGiB: 16 } }, nodeGroups: { ...c.nodeGroups, workspace: type as 'm5.large' } }) })),
  fc.constant({ field: 'nodeGroups.workspace', apply: (c: DeploymentConfigInput) => ({ ...c, nodeGroups: { ...c.nodeGroups, workspace: 'm5.xlarge' as const } }) }),
  fc.constant({ field: 'cluster.publicAccessCidrs', apply: (c: DeploymentConfigInput) => ({ ...c, cluster: { ...c.cluster, publicAccessCidrs: ['0.0.0.0/0'] } }) }),
  fc.stringMatching(/^aws:[a-z]{1,10}$/).map((key) => ({ field: 'tags', apply: (c: DeploymentConfigInput) => ({ ...c, tags: { ...c.tags, [key]: 'x' } }) })),
  fc.stringMatching(/^[a-z]{4,10}$/).filter((k) => !(k in production)).map((key) => ({ field: '(root)', apply: (c: DeploymentConfigInput) => ({ ...c, [key]: true }) as DeploymentConfigInput })),
  fc.constantFrom('http://idp.example.com', 'idp.example.com', 'ftp://x').map((issuerUrl) => ({ field: 'oidc.issuerUrl', apply: (c: DeploymentConfigInput) => ({ ...c, oidc: { issuerUrl } }) })),
  fc.stringMatching(/^([A-Z]{3,10}|[a-z]{1,2}|[a-z]+_[a-z]+)$/).map((bucket) => ({ field: 'stateBackend.bucket', apply: (c: DeploymentConfigInput) => ({ ...c, stateBackend: { ...c.stateBackend, bucket } }) })),
);

/** Resolves a generated config; the few that sizing refuses (a VPC too small, too many nodes) are skipped, not failed. */
export function resolveOrSkip(raw: unknown): Deployment {
  try {
    return resolveDeployment(raw);
  } catch (error) {
    if (error instanceof ConfigError) fc.pre(false);
    throw error;
  }
}
