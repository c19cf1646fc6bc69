/**
 * Names the AWS stacks and the Kubernetes side share: node groups, namespaces,
 * service accounts, ports. Declared once; stacks, Helm values and manifests
 * import them.
 */

/** Label and taint key of the guide's node groups. */
export const NODE_GROUP_KEY = 'coder.com/node-group';
/** Tag on an EKS cluster whose config accepted public API ranges covering a public /8 or more (cluster.allowWidePublicAccess). */
export const WIDE_API_ACCESS_TAG = 'coder.com/api-access';
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
/** The provisioners' Prometheus endpoint (the coder-provisioner chart sets CODER_PROMETHEUS_ADDRESS to 0.0.0.0:2112). */
export const PROVISIONER_METRICS_PORT = 2112;
/**
 * coderd inside the cluster, for the provisioners and pod workspaces: the coder
 * chart names its Service `coder` whatever the release is called (the chart's
 * own default access URL is this address), on port 80.
 */
export const CODERD_INTERNAL_URL = `http://coder.${NAMESPACES.coder}.svc.cluster.local`;

/** Where the observability chart runs: its own namespace, since its collectors need host access (see POD_SECURITY). */
export const OBSERVABILITY_NAMESPACE = 'coder-observability';

/**
 * The Pod Security Standards level each namespace enforces. coderd and the
 * provisioners meet `restricted`; workspace images vary (IDEs, language
 * servers), so their namespace enforces `baseline` and warns at `restricted`. The observability chart's node exporter uses the host network, PID
 * namespace and paths, and its log agent reads /var/log from the host: only
 * `privileged` admits them, so they live apart from coderd.
 */
export const POD_SECURITY = {
  [NAMESPACES.coder]: 'restricted',
  [NAMESPACES.provisioners]: 'restricted',
  [NAMESPACES.workspaces]: 'baseline',
  [OBSERVABILITY_NAMESPACE]: 'privileged',
} as const satisfies Record<string, 'privileged' | 'baseline' | 'restricted'>;

/**
 * The container security context the `restricted` level requires, for the
 * guide's own pods and the charts' values: no privilege escalation, every
 * capability dropped, a non-root user, the runtime's default seccomp profile.
 */
export const RESTRICTED_CONTAINER = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/** Labels the coder and coder-provisioner charts put on their pods (release names from iac/helm/charts.ts). */
export const CHART_POD_LABELS = {
  coderd: { 'app.kubernetes.io/name': 'coder', 'app.kubernetes.io/instance': 'coder' },
  provisioner: { 'app.kubernetes.io/name': 'coder-provisioner', 'app.kubernetes.io/instance': 'coder-provisioner' },
} as const;

/**
 * The certificate authorities of Amazon RDS, which every client of the
 * database verifies the server against (sslmode=verify-full): fetched at
 * install time from AWS's trust store into a ConfigMap in each namespace that
 * talks to Aurora, and mounted read-only at RDS_CA_FILE.
 */
export const RDS_CA_BUNDLE = {
  url: 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem',
  configMap: 'rds-ca-bundle',
  key: 'global-bundle.pem',
  mountPath: '/etc/ssl/certs/rds',
} as const;
export const RDS_CA_FILE = `${RDS_CA_BUNDLE.mountPath}/${RDS_CA_BUNDLE.key}`;

/** A PostgreSQL URL to Aurora that verifies the server's certificate and name; no password in it. */
export function postgresUrl(user: string, host: string, database: string): string {
  return `postgres://${user}@${host}:5432/${database}?sslmode=verify-full&sslrootcert=${RDS_CA_FILE}`;
}

/** The pod volume and container mount that carry the RDS CA bundle. */
export function rdsCaVolume() {
  return {
    volume: { name: 'rds-ca', configMap: { name: RDS_CA_BUNDLE.configMap } },
    mount: { name: 'rds-ca', mountPath: RDS_CA_BUNDLE.mountPath, readOnly: true },
  };
}

/** A toleration and node selector that place a pod on one node group. */
export function placement(group: (typeof NODE_GROUPS)[keyof typeof NODE_GROUPS]) {
  return {
    tolerations: [{ key: NODE_GROUP_KEY, operator: 'Equal', value: group, effect: 'NoSchedule' }],
    nodeSelector: { [NODE_GROUP_KEY]: group },
  };
}

/**
 * Tags of the external provisioners. The provisioner key carries them (coder
 * stack); the chart refuses tags beside a key, so the values file has none.
 */
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
