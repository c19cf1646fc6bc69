/**
 * Values of the coder-provisioner chart: the external provisioners. Key-based
 * authentication, replicas and resources from the sizing, on the coder-prov
 * nodes, and a termination grace period long enough for a build to finish.
 */
import type { Deployment } from '../deployment.js';
import { CODERD_INTERNAL_URL, NAMESPACES, NODE_GROUPS, placement, provisionerTags, SERVICE_ACCOUNTS } from '../platform.js';

/** A build is allowed this long to finish when its pod is stopped (rollouts, scale-down). */
export const BUILD_GRACE_SECONDS = 1800;

export const PROVISIONER_KEY_SECRET = { name: 'coder-provisioner-key', key: 'key' } as const;

// #region provisioner-values
export function provisionerValues(deployment: Deployment) {
  const { provisioners } = deployment.sizing;
  const resources = { cpu: `${provisioners.cpu * 1000}m`, memory: `${provisioners.memoryGiB}Gi` };
  return {
    coder: {
      // One provisioner per concurrent build at peak.
      replicaCount: provisioners.peak,
      env: [
        { name: 'CODER_URL', value: CODERD_INTERNAL_URL },
        { name: 'CODER_PROMETHEUS_ENABLE', value: 'true' },
      ],
      resources: { requests: resources, limits: resources },
      ...placement(NODE_GROUPS.provisioner),
      serviceAccount: {
        name: SERVICE_ACCOUNTS.provisioner.serviceAccount,
        // Rights in the workspace namespace come from the guide's own Role (see the manifests).
        workspacePerms: false,
        enableDeployments: false,
      },
      // A running build must not be evicted by the cluster autoscaler.
      podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' },
    },
    provisionerDaemon: {
      pskSecretName: '',
      keySecretName: PROVISIONER_KEY_SECRET.name,
      keySecretKey: PROVISIONER_KEY_SECRET.key,
      tags: provisionerTags(deployment.config.name),
      terminationGracePeriodSeconds: BUILD_GRACE_SECONDS,
    },
  };
}
// #endregion provisioner-values
