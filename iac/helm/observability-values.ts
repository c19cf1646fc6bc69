/**
 * Values of the coder-observability chart: Prometheus, Grafana, Loki and the
 * alerts, pointed at coderd, the provisioners, the workspaces and Aurora, and
 * scheduled on the coder-control nodes.
 *
 * The Aurora host is known only after the database stack is applied; it is
 * passed at install time (--set global.postgres.hostname=…).
 */
import type { Deployment } from '../deployment.js';
import { NAMESPACES, NODE_GROUP_KEY, NODE_GROUPS, placement, RDS_CA_FILE, rdsCaVolume } from '../platform.js';
import { CODER_DATABASE, OBSERVABILITY_DB_USER } from '../stacks/names.js';

/** The Kubernetes secret holding the monitoring user's database password (key: PGPASSWORD). */
export const OBSERVABILITY_DB_SECRET = 'coder-observability-postgres';

/**
 * Subchart keys this file sets that the coder-observability chart's own
 * values.yaml does not list: the scheduling keys of its subcharts, which those
 * subcharts accept (grafana, prometheus, loki, grafana-agent). Everything else
 * must exist in the chart's defaults; the tests hold it to that.
 */
export const SUBCHART_SCHEDULING_KEYS = [
  'grafana.nodeSelector', 'grafana.tolerations',
  'prometheus.server.nodeSelector', 'prometheus.server.tolerations',
  'prometheus.alertmanager.nodeSelector', 'prometheus.alertmanager.tolerations',
  'prometheus.kube-state-metrics.nodeSelector', 'prometheus.kube-state-metrics.tolerations',
  'prometheus.prometheus-node-exporter.tolerations',
  'loki.gateway.nodeSelector', 'loki.gateway.tolerations',
  'loki.write.nodeSelector', 'loki.write.tolerations',
  'loki.read.nodeSelector', 'loki.read.tolerations',
  'loki.backend.nodeSelector', 'loki.backend.tolerations',
  'loki.minio.nodeSelector', 'loki.minio.tolerations',
  // minio's post-install hook jobs read their scheduling from these keys only (the top-level ones do not reach them).
  'loki.minio.makeBucketJob.nodeSelector', 'loki.minio.makeBucketJob.tolerations',
  'loki.minio.makeUserJob.nodeSelector', 'loki.minio.makeUserJob.tolerations',
  'loki.chunksCache.nodeSelector', 'loki.chunksCache.tolerations',
  'loki.resultsCache.nodeSelector', 'loki.resultsCache.tolerations',
  'loki.lokiCanary.tolerations',
  'grafana-agent.controller.tolerations',
];

// #region observability-values
/**
 * Replica alert thresholds (alive < threshold fires): notify with one replica
 * gone, warn with half gone, critical with none. The chart's defaults assume
 * three coderd replicas and three provisioners.
 */
export function replicaAlert(expected: number) {
  // Nothing is always expected (an off-hours floor of zero): no floor to alert on.
  if (expected < 1) return { enabled: false };
  return { enabled: true, thresholds: { notify: expected, warning: Math.max(1, Math.ceil(expected / 2)), critical: 1 } };
}

export function observabilityValues(deployment: Deployment) {
  const { sizing } = deployment;
  const onControl = placement(NODE_GROUPS.control);
  // DaemonSets that collect from every node tolerate every node group's taint.
  const everywhere = { tolerations: [{ key: NODE_GROUP_KEY, operator: 'Exists', effect: 'NoSchedule' }] };
  return {
    global: {
      coder: {
        controlPlaneNamespace: NAMESPACES.coder,
        externalProvisionersNamespace: NAMESPACES.provisioners,
        workspacesSelector: `namespace=\`${NAMESPACES.workspaces}\``,
        alerts: {
          coderd: { groups: { Replicas: replicaAlert(sizing.coderd.replicas) } },
          // The provisioners scale down to the off-hours count every evening, so the floor is
          // what is always expected; a loss at peak shows on the dashboards, not as an alert.
          provisionerd: { groups: { Replicas: replicaAlert(sizing.provisioners.offHours) } },
        },
      },
      postgres: {
        port: 5432,
        username: OBSERVABILITY_DB_USER,
        database: CODER_DATABASE,
        // Verified against the RDS certificate authorities, mounted like coderd's.
        sslmode: 'verify-full',
        sslrootcert: RDS_CA_FILE,
        volumes: [rdsCaVolume().volume],
        volumeMounts: [rdsCaVolume().mount],
        mountSecret: OBSERVABILITY_DB_SECRET,
        // Chart 0.6.2 gives its postgres-exporter no tolerations or node selector, so on these
        // tainted nodes it stays Pending and `helm --wait` times out. The guide runs its own
        // exporter instead (iac/k8s/manifests.ts: postgresExporter), with the same labels and
        // scrape annotation, so the chart's database alerts and dashboards keep their data.
        exporter: { enabled: false },
      },
    },
    grafana: { ...onControl },
    prometheus: {
      server: { ...onControl, retentionSize: '10GB' },
      alertmanager: { ...onControl },
      'kube-state-metrics': { ...onControl },
      'prometheus-node-exporter': { ...everywhere },
    },
    loki: {
      gateway: { ...onControl },
      write: { ...onControl },
      read: { ...onControl },
      backend: { ...onControl },
      minio: { ...onControl, makeBucketJob: { ...onControl }, makeUserJob: { ...onControl } },
      chunksCache: { ...onControl },
      resultsCache: { ...onControl },
      lokiCanary: { ...everywhere },
    },
    'grafana-agent': { controller: { ...everywhere } },
    // Chart 0.6.2 offers no scheduling values for its own runbook viewer and SQL exporter;
    // with every node group tainted they could never schedule, so they stay off.
    runbookViewer: { enabled: false },
    sqlExporter: { enabled: false },
  };
}
// #endregion observability-values

