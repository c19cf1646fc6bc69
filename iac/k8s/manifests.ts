/**
 * The Kubernetes objects the platform needs besides the charts: namespaces,
 * the workspace namespace's baseline network policies (each workspace adds
 * its own egress: templates/base-k8s), an encrypted gp3 StorageClass,
 * the provisioners' rights in the workspace namespace, and the binding of
 * coderd's pods to the Terraform-owned target group.
 */
import type { Deployment } from '../deployment.js';
import { CHART_POD_LABELS, CODERD_HTTP_PORT, NAMESPACES, NODE_GROUPS, OBSERVABILITY_NAMESPACE, placement, POD_SECURITY, postgresUrl, rdsCaVolume, SERVICE_ACCOUNTS } from '../platform.js';
import { POSTGRES_EXPORTER_IMAGE } from '../helm/charts.js';
import { OBSERVABILITY_DB_SECRET } from '../helm/observability-values.js';
import { CODER_DATABASE, OBSERVABILITY_DB_USER } from '../stacks/names.js';
import { peakSchedules } from '../capacity/schedule.js';

export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } } & Record<string, unknown>;

/** Placeholder the install step fills with the edge stack's target_group_arn output. */
export const TARGET_GROUP_ARN_PLACEHOLDER = '${CODER_TARGET_GROUP_ARN}';

// #region namespaces
// Each namespace enforces its Pod Security level (POD_SECURITY says which and why) and warns at
// restricted, so a pod that could be tightened shows up in kubectl's output.
export function namespaces(): Manifest[] {
  return Object.entries(POD_SECURITY).map(([name, level]) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/warn': 'restricted' } },
  }));
}
// #endregion namespaces

// #region network-policies
export function workspaceNetworkPolicies(deployment: Deployment): Manifest[] {
  const ns = NAMESPACES.workspaces;
  const inNamespace = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: ns },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns', namespace: ns },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ ...inNamespace('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-coderd', namespace: ns },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        // Agents dial coderd; coderd (and its DERP relay) may reach agents directly. No workspace reaches another.
        egress: [{ to: [inNamespace(NAMESPACES.coder)], ports: [{ protocol: 'TCP', port: CODERD_HTTP_PORT }] }],
        ingress: [{ from: [inNamespace(NAMESPACES.coder)] }],
      },
    },
  ];
}
// #endregion network-policies

// #region storage-class
export function storageClass(): Manifest {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'gp3-encrypted', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3', encrypted: 'true', fsType: 'ext4' },
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
    reclaimPolicy: 'Delete',
  };
}
// #endregion storage-class

// #region provisioner-rbac
export function provisionerRbac(): Manifest[] {
  const sa = SERVICE_ACCOUNTS.provisioner;
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'coder-provisioner-workspaces', namespace: NAMESPACES.workspaces },
      rules: [
        { apiGroups: [''], resources: ['pods', 'persistentvolumeclaims', 'secrets', 'serviceaccounts', 'services', 'configmaps'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'coder-provisioner-workspaces', namespace: NAMESPACES.workspaces },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'coder-provisioner-workspaces' },
      subjects: [{ kind: 'ServiceAccount', name: sa.serviceAccount, namespace: sa.namespace }],
    },
  ];
}
// #endregion provisioner-rbac

// #region target-group-binding
export function targetGroupBinding(targetGroupArn: string = TARGET_GROUP_ARN_PLACEHOLDER): Manifest {
  return {
    apiVersion: 'elbv2.k8s.aws/v1beta1',
    kind: 'TargetGroupBinding',
    metadata: { name: 'coder', namespace: NAMESPACES.coder },
    spec: { targetGroupARN: targetGroupArn, targetType: 'ip', serviceRef: { name: 'coder', port: 80 } },
  };
}
// #endregion target-group-binding

// #region provisioner-scaler
/**
 * Scales the provisioner Deployment with the same schedule as the coder-prov
 * node group: up to the peak count before the window, down to the off-hours
 * count after it. Without it the off-hours floor would leave hundreds of
 * provisioner pods pending, and the cluster autoscaler would bring the nodes
 * back. Running builds are safe: a stopped provisioner finishes its job
 * within the termination grace period.
 */
export function provisionerScaler(deployment: Deployment, kubectlImage: string): Manifest[] {
  const ns = NAMESPACES.provisioners;
  const name = 'coder-provisioner-scaler';
  const { provisioner } = deployment.sizing.nodeGroups;
  const schedules = peakSchedules(deployment.config.peakWindow, provisioner);
  const replicas = { 'peak-up': deployment.sizing.provisioners.peak, 'off-hours': deployment.sizing.provisioners.offHours };
  const cronJob = (s: (typeof schedules)[number]): Manifest => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: `${name}-${s.name}`, namespace: ns },
    spec: {
      schedule: s.recurrence,
      timeZone: s.timeZone,
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 1,
      jobTemplate: {
        spec: {
          backoffLimit: 3,
          template: {
            spec: {
              serviceAccountName: name,
              restartPolicy: 'OnFailure',
              ...placement(NODE_GROUPS.control),
              securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name: 'scale',
                  image: kubectlImage,
                  args: ['scale', 'deployment/coder-provisioner', `--namespace=${ns}`, `--replicas=${replicas[s.name]}`],
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
                },
              ],
            },
          },
        },
      },
    },
  });
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, namespace: ns },
      rules: [{ apiGroups: ['apps'], resources: ['deployments/scale'], resourceNames: ['coder-provisioner'], verbs: ['get', 'patch', 'update'] }, { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['coder-provisioner'], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
    },
    ...schedules.map(cronJob),
  ];
}
// #endregion provisioner-scaler

// #region pod-disruption-budgets
/**
 * Voluntary disruptions (node drains during upgrades, the autoscaler) take at
 * most one coderd replica at a time, and at most a tenth of the provisioners
 * (each finishes its build within the termination grace period).
 */
export function podDisruptionBudgets(): Manifest[] {
  const pdb = (name: string, namespace: string, selector: Record<string, string>, maxUnavailable: number | string): Manifest => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace },
    spec: { maxUnavailable, selector: { matchLabels: selector } },
  });
  return [
    pdb('coder', NAMESPACES.coder, CHART_POD_LABELS.coderd, 1),
    pdb('coder-provisioner', NAMESPACES.provisioners, CHART_POD_LABELS.provisioner, '10%'),
  ];
}
// #endregion pod-disruption-budgets

/** Placeholder the install step fills with the database stack's endpoint output. */
export const DATABASE_HOST_PLACEHOLDER = '${CODER_DB_HOST}';

// #region postgres-exporter
/**
 * The database exporter the observability chart would run, placed on the
 * coder-control nodes (chart 0.6.2 cannot schedule its own there). Same labels,
 * namespace and scrape annotation as the chart's, so its pg_* alerts and
 * dashboards find the metrics; it logs in as the read-only monitoring user.
 */
export function postgresExporter(databaseHost: string = DATABASE_HOST_PLACEHOLDER, image: string = POSTGRES_EXPORTER_IMAGE): Manifest[] {
  const labels = { app: 'postgres-exporter', 'app.kubernetes.io/name': 'database-stats' };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'postgres-exporter', namespace: OBSERVABILITY_NAMESPACE },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: labels.app } },
        template: {
          metadata: { labels, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9187' } },
          spec: {
            ...placement(NODE_GROUPS.control),
            securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
            volumes: [rdsCaVolume().volume],
            containers: [
              {
                name: 'postgres-exporter',
                image,
                args: ['--collector.long_running_transactions'],
                ports: [{ name: 'exporter', containerPort: 9187 }],
                // The password comes from the secret as PGPASSWORD, never in the URL.
                env: [{ name: 'DATA_SOURCE_NAME', value: postgresUrl(OBSERVABILITY_DB_USER, databaseHost, CODER_DATABASE) }],
                volumeMounts: [rdsCaVolume().mount],
                envFrom: [{ secretRef: { name: OBSERVABILITY_DB_SECRET } }],
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
              },
            ],
          },
        },
      },
    },
  ];
}
// #endregion postgres-exporter
