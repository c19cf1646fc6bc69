/**
 * The Helm charts the guide installs, pinned. The coder and coder-provisioner
 * charts share Coder's release version; the reference defaults under
 * ../shared/reference/helm are the charts' values at these versions.
 */
// #region charts
export const CHARTS = {
  coder: { repo: 'https://helm.coder.com/v2', name: 'coder', version: '2.29.1', release: 'coder' },
  provisioner: { repo: 'https://helm.coder.com/v2', name: 'coder-provisioner', version: '2.29.1', release: 'coder-provisioner' },
  observability: { repo: 'https://helm.coder.com/observability', name: 'coder-observability', version: '0.6.2', release: 'coder-observability' },
  loadBalancerController: { repo: 'https://aws.github.io/eks-charts', name: 'aws-load-balancer-controller', version: '1.13.0', release: 'aws-load-balancer-controller' },
  clusterAutoscaler: { repo: 'https://kubernetes.github.io/autoscaler', name: 'cluster-autoscaler', version: '9.46.6', release: 'cluster-autoscaler' },
} as const;

/** kubectl image of the provisioner scaler CronJobs (the cluster's minor version). */
export const KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.35.0';
// #endregion charts
