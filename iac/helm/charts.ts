/**
 * The Helm charts the guide installs, pinned. The coder and coder-provisioner
 * charts share Coder's release version; the reference defaults under
 * ../shared/reference/helm are the charts' values at these versions.
 */
// #region charts
export const CHARTS = {
  coder: { repo: 'https://helm.coder.com/v2', name: 'coder', version: '2.29.1', release: 'coder', timeoutMinutes: 15 },
  // 300 provisioners at peak wait for the coder-prov nodes to scale out: allow for it.
  provisioner: { repo: 'https://helm.coder.com/v2', name: 'coder-provisioner', version: '2.29.1', release: 'coder-provisioner', timeoutMinutes: 30 },
  observability: { repo: 'https://helm.coder.com/observability', name: 'coder-observability', version: '0.6.2', release: 'coder-observability', timeoutMinutes: 15 },
  loadBalancerController: { repo: 'https://aws.github.io/eks-charts', name: 'aws-load-balancer-controller', version: '1.13.0', release: 'aws-load-balancer-controller', timeoutMinutes: 10 },
  // The chart whose own cluster-autoscaler (appVersion 1.35.0) matches the newest EKS minor the guide supports.
  clusterAutoscaler: { repo: 'https://kubernetes.github.io/autoscaler', name: 'cluster-autoscaler', version: '9.54.0', release: 'cluster-autoscaler', timeoutMinutes: 10, appVersion: '1.35.0' },
} as const;

/** The database exporter the guide runs in place of the observability chart's (see iac/k8s/manifests.ts). */
export const POSTGRES_EXPORTER_IMAGE = 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1';

/**
 * The cluster autoscaler must run the cluster's Kubernetes minor version (its
 * own compatibility rule); the values set the image tag from the configured
 * EKS version, so an older supported cluster gets its own minor.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS = { '1.33': 'v1.33.1', '1.34': 'v1.34.0', '1.35': 'v1.35.0' } as const;

/** kubectl image of the provisioner scaler CronJobs (the cluster's minor version). */
export const KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.35.0';
// #endregion charts
