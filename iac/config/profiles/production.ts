import type { DeploymentConfigInput } from '../schema.js';

/**
 * The production profile: the original design's deployment (us-east-1, three AZs,
 * ~1000 users, up to 3000 concurrent workspaces at peak). Copy it and change
 * the names, domains and ARNs to make it yours.
 */
// #region production-profile
export const production: DeploymentConfigInput = {
  name: 'coder-prod',
  environment: 'production',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  stateBackend: {
    bucket: 'coder-prod-tfstate-111122223333',
    keyPrefix: 'coder/prod',
  },
  network: { vpcCidr: '10.0.0.0/16', reservedCidrs: ['10.100.0.0/16'] },
  dns: { hostedZone: 'example.com', accessHost: 'coder.example.com' },
  // #region production-capacity
  capacity: {
    users: 1000,
    peakWorkspaces: 3000,
    offHoursWorkspaces: 300,
    growthBuffer: 0.2,
    buildShare: 0.1,
    workspaceMix: { pod: 0.7, ec2Linux: 0.15, ec2Windows: 0.1, ec2Gpu: 0.05 },
    workspace: { cpu: 4, memoryGiB: 8, storageGiB: 100, cpuRequestRatio: 0.5 },
  },
  peakWindow: {
    timezone: 'America/New_York',
    start: '07:00',
    end: '18:00',
    weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI'],
  },
  nodeGroups: {
    control: 'm5.2xlarge',
    provisioner: 'c5.2xlarge',
    workspace: 'm5.4xlarge',
  },
  // #endregion production-capacity
  cluster: {
    version: '1.35',
    publicAccessCidrs: [],
    adminRoleArns: ['arn:aws:iam::111122223333:role/PlatformAdmin'],
  },
  database: {
    engineVersion: '16.6',
    minAcu: 8,
    readers: 2,
    backupRetentionDays: 14,
  },
  oidc: { issuerUrl: 'https://idp.example.com', clientId: 'coder-prod', emailDomains: ['example.com'] },
  gitProvider: { id: 'github', type: 'github', clientId: 'Iv1.0123456789abcdef' },
  coder: {
    organization: 'coder',
    groups: [
      { name: 'developers', quotaAllowance: 12, idpGroups: ['eng-all'], templates: 'swdev' },
      { name: 'data-science', quotaAllowance: 40, idpGroups: ['ds-all'], templates: 'datasci' },
      { name: 'platform-engineering', quotaAllowance: 40, idpGroups: ['platform'], templateAdmin: true },
    ],
    roleSync: { 'coder-admins': ['organization-admin'], 'coder-auditors': ['organization-auditor'] },
    siteRoleSync: { 'coder-admins': ['owner'], 'coder-auditors': ['auditor'] },
    schedule: { defaultTtlHours: 8, activityBumpHours: 1 },
    alwaysOnTemplates: ['datasci-xlarge'],
  },
  alarms: { email: 'platform-oncall@example.com' },
  tags: {
    Project: 'coder',
    Owner: 'platform-engineering',
    CostCenter: 'developer-platform',
  },
};
// #endregion production-profile
