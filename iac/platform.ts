/**
 * Names the AWS stacks and the Kubernetes side share: node groups, namespaces,
 * service accounts, ports. Declared once; stacks, Helm values and manifests
 * import them.
 */

/** Label and taint key of the guide's node groups. */
export const NODE_GROUP_KEY = 'coder.com/node-group';
/** Tag on every AWS resource of a deployment, workspaces included; the provisioner policy keys on it. */
export const DEPLOYMENT_TAG = 'coder.com/deployment';
export const NODE_GROUPS = { control: 'coder-control', provisioner: 'coder-prov', workspace: 'coder-ws' } as const;

export const NAMESPACES = { coder: 'coder', provisioners: 'coder-prov', workspaces: 'coder-ws' } as const;

/** Namespaces and service accounts the Pod Identity roles are bound to. */
export const SERVICE_ACCOUNTS = {
  coderd: { namespace: NAMESPACES.coder, serviceAccount: 'coder' },
  provisioner: { namespace: NAMESPACES.provisioners, serviceAccount: 'coder-provisioner' },
  loadBalancerController: { namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller' },
  clusterAutoscaler: { namespace: 'kube-system', serviceAccount: 'cluster-autoscaler' },
} as const;

/** coderd's plain-HTTP port behind the load balancer. */
export const CODERD_HTTP_PORT = 8080;
/** coderd's Prometheus endpoint. */
export const CODERD_METRICS_PORT = 2112;
/**
 * coderd inside the cluster, for the provisioners and pod workspaces: the coder
 * chart names its Service `coder` whatever the release is called (the chart's
 * own default access URL is this address), on port 80.
 */
export const CODERD_INTERNAL_URL = `http://coder.${NAMESPACES.coder}.svc.cluster.local`;

/** A toleration and node selector that place a pod on one node group. */
export function placement(group: (typeof NODE_GROUPS)[keyof typeof NODE_GROUPS]) {
  return {
    tolerations: [{ key: NODE_GROUP_KEY, operator: 'Equal', value: group, effect: 'NoSchedule' }],
    nodeSelector: { [NODE_GROUP_KEY]: group },
  };
}

/** Tags of the external provisioners: the provisioner key carries them, the values file repeats them. */
export function provisionerTags(deploymentName: string): Record<string, string> {
  return { scope: 'organization', cluster: deploymentName, runtime: 'eks' };
}

/** Secrets Manager names the platform reads: <name>/coder/<what> (coderd's role may read that prefix). */
export function coderSecretPrefix(deploymentName: string): string {
  return `${deploymentName}/coder`;
}
export function coderSecretId(deploymentName: string, what: 'license' | 'oidc-client-secret' | 'external-auth-client-secret' | 'observability-db-password'): string {
  return `${coderSecretPrefix(deploymentName)}/${what}`;
}
