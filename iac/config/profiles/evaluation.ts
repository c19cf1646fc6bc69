import type { DeploymentConfigInput } from '../schema.js';

/**
 * A small profile for evaluating the guide in a sandbox account: two AZs, a
 * /20 VPC, tens of pod workspaces, no database readers.
 */
export const evaluation: DeploymentConfigInput = {
  name: 'coder-eval',
  environment: 'evaluation',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  stateBackend: { bucket: 'coder-eval-tfstate-111122223333', keyPrefix: 'coder/eval' },
  network: {
    vpcCidr: '10.20.0.0/20',
    subnetPrefix: { public: 26, control: 26, provisioner: 26, workspace: 24, database: 27 },
    flowLogRetentionDays: 30,
  },
  dns: { hostedZone: 'example.com', accessHost: 'coder-eval.example.com' },
  capacity: {
    users: 50,
    peakWorkspaces: 40,
    offHoursWorkspaces: 5,
    workspaceMix: { pod: 1, ec2Linux: 0, ec2Windows: 0, ec2Gpu: 0 },
    workspace: { cpu: 2, memoryGiB: 4, storageGiB: 20 },
  },
  peakWindow: { timezone: 'America/New_York', start: '08:00', end: '18:00', weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI'] },
  nodeGroups: { control: 'm5.xlarge', provisioner: 'c5.xlarge', workspace: 'm5.2xlarge' },
  cluster: { version: '1.35' },
  database: { engineVersion: '16.6', minAcu: 0.5, readers: 0, backupRetentionDays: 7 },
  oidc: { issuerUrl: 'https://idp.example.com' },
  gitProvider: { clientId: 'Iv1.fedcba9876543210' },
  coder: { groups: [{ name: 'everyone-eval', quotaAllowance: 10, templateAdmin: true }] },
  tags: { Project: 'coder', Owner: 'platform-engineering' },
};
