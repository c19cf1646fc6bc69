/**
 * Values of the coder chart (coderd), built from the deployment. Static
 * replicas from the sizing (never an HPA), requests equal to limits, on the
 * coder-control nodes spread across AZs, no built-in provisioners, IAM auth to
 * Aurora, OIDC with group and role claims, Git external auth, and the
 * admin-access restriction.
 */
import type { Deployment } from '../deployment.js';
import { CHART_POD_LABELS, CODERD_METRICS_PORT, rdsCaVolume, NODE_GROUPS, placement, RESTRICTED_CONTAINER, SERVICE_ACCOUNTS } from '../platform.js';
import { accessUrl, wildcardHost } from '../naming.js';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef: { name: string; key: string } };
}

/** Kubernetes secrets coderd reads (created outside Helm; see the install page). */
export const CODER_SECRETS = {
  database: { name: 'coder-db-url', key: 'url' },
  oidc: { name: 'coder-oidc', key: 'client-secret' },
  externalAuth: { name: 'coder-external-auth', key: 'client-secret' },
} as const;

const secret = (name: string, ref: { name: string; key: string }): EnvVar => ({ name, valueFrom: { secretKeyRef: { ...ref } } });

// #region coder-env
export function coderEnv(deployment: Deployment): EnvVar[] {
  const { config } = deployment;
  const oidc = config.oidc;
  const git = config.gitProvider;
  return [
    { name: 'CODER_ACCESS_URL', value: accessUrl(config.dns.accessHost) },
    { name: 'CODER_WILDCARD_ACCESS_URL', value: wildcardHost(config.dns.accessHost) },
    // Database: IAM authentication through the Pod Identity role; the URL holds no password.
    secret('CODER_PG_CONNECTION_URL', CODER_SECRETS.database),
    { name: 'CODER_PG_AUTH', value: 'awsiamrds' },
    { name: 'CODER_PG_CONN_MAX_OPEN', value: String(config.database.connectionsPerReplica) },
    // Builds run only on the external provisioners (Property 6).
    { name: 'CODER_PROVISIONER_DAEMONS', value: '0' },
    // Owners and admins cannot open other users' workspaces (Property 9).
    { name: 'CODER_DISABLE_OWNER_WORKSPACE_ACCESS', value: 'true' },
    // Single sign-on only; MFA is the identity provider's.
    { name: 'CODER_DISABLE_PASSWORD_AUTH', value: 'true' },
    { name: 'CODER_OIDC_ISSUER_URL', value: oidc.issuerUrl },
    { name: 'CODER_OIDC_CLIENT_ID', value: oidc.clientId },
    secret('CODER_OIDC_CLIENT_SECRET', CODER_SECRETS.oidc),
    { name: 'CODER_OIDC_SCOPES', value: oidc.scopes.join(',') },
    { name: 'CODER_OIDC_ALLOW_SIGNUPS', value: String(oidc.allowSignups) },
    ...(oidc.emailDomains.length ? [{ name: 'CODER_OIDC_EMAIL_DOMAIN', value: oidc.emailDomains.join(',') }] : []),
    { name: 'CODER_OIDC_GROUP_FIELD', value: oidc.groupField },
    // Site roles from the IdP only with a mapping: the role field alone makes Coder re-sync site
    // roles at every login and drop any granted by hand (an Owner made in the dashboard, say).
    ...(Object.keys(config.coder.siteRoleSync).length
      ? [
          { name: 'CODER_OIDC_USER_ROLE_FIELD', value: oidc.roleField },
          { name: 'CODER_OIDC_USER_ROLE_MAPPING', value: JSON.stringify(config.coder.siteRoleSync) },
        ]
      : []),
    { name: 'CODER_EXTERNAL_AUTH_0_ID', value: git.id },
    { name: 'CODER_EXTERNAL_AUTH_0_TYPE', value: git.type },
    { name: 'CODER_EXTERNAL_AUTH_0_CLIENT_ID', value: git.clientId },
    secret('CODER_EXTERNAL_AUTH_0_CLIENT_SECRET', CODER_SECRETS.externalAuth),
    // Cookies only over HTTPS, and HSTS for a year on the access URL and its subdomains.
    { name: 'CODER_SECURE_AUTH_COOKIE', value: 'true' },
    { name: 'CODER_STRICT_TRANSPORT_SECURITY', value: '31536000' },
    { name: 'CODER_STRICT_TRANSPORT_SECURITY_OPTIONS', value: 'includeSubDomains' },
    // The built-in DERP relay over the HTTPS listener; clients use public STUN servers.
    { name: 'CODER_DERP_SERVER_ENABLE', value: 'true' },
    { name: 'CODER_PROMETHEUS_ENABLE', value: 'true' },
    { name: 'CODER_PROMETHEUS_COLLECT_AGENT_STATS', value: 'true' },
    { name: 'CODER_PROMETHEUS_COLLECT_DB_METRICS', value: 'true' },
  ];
}
// #endregion coder-env

// #region coder-values
export function coderValues(deployment: Deployment) {
  const { coderd } = deployment.sizing;
  const resources = { cpu: `${coderd.cpu * 1000}m`, memory: `${coderd.memoryGiB}Gi` };
  const selector = { ...CHART_POD_LABELS.coderd };
  return {
    coder: {
      // Static: the validated architecture's count, never a HorizontalPodAutoscaler (Property 4).
      replicaCount: coderd.replicas,
      env: coderEnv(deployment),
      resources: { requests: resources, limits: resources },
      // What the coder namespace's `restricted` Pod Security level requires; the chart's
      // default keeps every capability, which `restricted` refuses.
      securityContext: { ...RESTRICTED_CONTAINER },
      // The RDS certificate authorities, so the database URL can verify Aurora (sslmode=verify-full).
      volumes: [rdsCaVolume().volume],
      volumeMounts: [rdsCaVolume().mount],
      ...placement(NODE_GROUPS.control),
      // One replica per node, spread evenly across the AZs.
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' }],
          // Helm merges maps: null removes the chart's default `preferred` rule, which the required one makes moot.
          preferredDuringSchedulingIgnoredDuringExecution: null,
        },
      },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: selector } }],
      serviceAccount: {
        name: SERVICE_ACCOUNTS.coderd.serviceAccount,
        // Workspaces are built by the external provisioners, which hold those rights.
        workspacePerms: false,
        enableDeployments: false,
      },
      // The NLB belongs to Terraform; the service only needs to exist for the binding.
      service: { enable: true, type: 'ClusterIP' },
      podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(CODERD_METRICS_PORT) },
    },
    // External provisioners authenticate with provisioner keys, not a pre-shared key.
    provisionerDaemon: { pskSecretName: '' },
  };
}
// #endregion coder-values

