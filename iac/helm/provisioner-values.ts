/**
 * Values of the coder-provisioner chart: the external provisioners. Key-based
 * authentication, replicas and resources from the sizing, on the coder-prov
 * nodes, and a termination grace period long enough for a build to finish.
 */
import type { Deployment } from '../deployment.js';
import { CODERD_INTERNAL_URL, NODE_GROUPS, placement, PROVISIONER_METRICS_PORT, RESTRICTED_CONTAINER, SERVICE_ACCOUNTS } from '../platform.js';

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
      // What the coder-prov namespace's `restricted` Pod Security level requires.
      securityContext: { ...RESTRICTED_CONTAINER },
      ...placement(NODE_GROUPS.provisioner),
      serviceAccount: {
        name: SERVICE_ACCOUNTS.provisioner.serviceAccount,
        // Rights in the workspace namespace come from the guide's own Role (see the manifests).
        workspacePerms: false,
        enableDeployments: false,
      },
      podAnnotations: {
        // A running build must not be evicted by the cluster autoscaler.
        'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false',
        // The chart serves metrics on 0.0.0.0:2112; the observability chart's Prometheus scrapes annotated pods.
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(PROVISIONER_METRICS_PORT),
      },
    },
    provisionerDaemon: {
      pskSecretName: '',
      keySecretName: PROVISIONER_KEY_SECRET.name,
      keySecretKey: PROVISIONER_KEY_SECRET.key,
      // No tags here: the key carries them, and the chart fails when both are given
      // ("provisionerDaemon.tags may not be specified with provisionerDaemon.keySecretName").
      terminationGracePeriodSeconds: BUILD_GRACE_SECONDS,
    },
  };
}
// #endregion provisioner-values
