/**
 * Values of the coder-observability chart: Prometheus, Grafana, Loki and the
 * alerts, pointed at coderd, the provisioners, the workspaces and Aurora, and
 * scheduled on the coder-control nodes.
 *
 * The Aurora host is known only after the database stack is applied; it is
 * passed at install time (--set global.postgres.hostname=…).
 */
import type { Deployment } from '../deployment.js';
import { NAMESPACES, NODE_GROUP_KEY, NODE_GROUPS, placement } from '../platform.js';
import { CODER_DATABASE } from '../stacks/names.js';

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
  'loki.chunksCache.nodeSelector', 'loki.chunksCache.tolerations',
  'loki.resultsCache.nodeSelector', 'loki.resultsCache.tolerations',
  'loki.lokiCanary.tolerations',
  'grafana-agent.controller.tolerations',
];

// #region observability-values
export function observabilityValues(_deployment: Deployment) {
  const onControl = placement(NODE_GROUPS.control);
  // DaemonSets that collect from every node tolerate every node group's taint.
  const everywhere = { tolerations: [{ key: NODE_GROUP_KEY, operator: 'Exists', effect: 'NoSchedule' }] };
  return {
    global: {
      coder: {
        controlPlaneNamespace: NAMESPACES.coder,
        externalProvisionersNamespace: NAMESPACES.provisioners,
        workspacesSelector: `namespace=\`${NAMESPACES.workspaces}\``,
      },
      postgres: {
        port: 5432,
        username: 'coder_observability',
        database: CODER_DATABASE,
        sslmode: 'require',
        mountSecret: OBSERVABILITY_DB_SECRET,
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
      minio: { ...onControl },
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

