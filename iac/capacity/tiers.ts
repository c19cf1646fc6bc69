/**
 * Coder's validated architectures (coder.com/docs/admin/infrastructure/
 * validated-architectures): the tier limits and the sizes each tier prescribes.
 * "If your needs exceed any of these limits, move to the next-higher tier."
 */
export interface CoderTier {
  name: string;
  users: number;
  runningWorkspaces: number;
  concurrentBuilds: number;
  coderd: { cpu: number; memoryGiB: number; replicas: number };
  provisioner: { cpu: number; memoryGiB: number };
  database: { vcpu: number; memoryGiB: number };
}

// #region coder-tiers
export const CODER_TIERS: readonly CoderTier[] = [
  {
    name: 'up to 1,000 users',
    users: 1000,
    runningWorkspaces: 600,
    concurrentBuilds: 60,
    coderd: { cpu: 2, memoryGiB: 8, replicas: 3 },
    provisioner: { cpu: 1, memoryGiB: 1 },
    database: { vcpu: 8, memoryGiB: 30 },
  },
  {
    name: 'up to 3,000 users',
    users: 3000,
    runningWorkspaces: 1800,
    concurrentBuilds: 180,
    coderd: { cpu: 4, memoryGiB: 12, replicas: 4 },
    provisioner: { cpu: 1, memoryGiB: 1 },
    database: { vcpu: 32, memoryGiB: 120 },
  },
  {
    name: 'up to 10,000 users',
    users: 10000,
    runningWorkspaces: 6000,
    concurrentBuilds: 600,
    coderd: { cpu: 4, memoryGiB: 12, replicas: 10 },
    provisioner: { cpu: 1, memoryGiB: 1 },
    database: { vcpu: 64, memoryGiB: 240 },
  },
];
// #endregion coder-tiers

/** The smallest tier none of whose limits the deployment exceeds, or undefined beyond the largest. */
export function selectTier(users: number, runningWorkspaces: number, concurrentBuilds: number): CoderTier | undefined {
  return CODER_TIERS.find((t) => users <= t.users && runningWorkspaces <= t.runningWorkspaces && concurrentBuilds <= t.concurrentBuilds);
}
