/**
 * Values of the two cluster add-ons installed with Helm: the AWS Load
 * Balancer Controller (it binds coderd's pods to the Terraform-owned target
 * group) and the cluster autoscaler (it removes empty nodes after the
 * off-hours floor drops). Both run on the coder-control nodes and get their
 * AWS rights from Pod Identity.
 */
import type { Deployment } from '../deployment.js';
import { NODE_GROUPS, placement, SERVICE_ACCOUNTS } from '../platform.js';
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from './charts.js';

// #region lb-controller-values
export function loadBalancerControllerValues(deployment: Deployment) {
  const { config } = deployment;
  return {
    clusterName: config.name,
    region: config.region,
    // vpcId is passed at install time (--set vpcId=…): with IMDS hop limit 1 the controller cannot look it up.
    serviceAccount: { create: true, name: SERVICE_ACCOUNTS.loadBalancerController.serviceAccount },
    replicaCount: 2,
    ...placement(NODE_GROUPS.control),
    // Only TargetGroupBindings: no Service or Ingress becomes a load balancer behind Terraform's back.
    enableServiceMutatorWebhook: false,
  };
}
// #endregion lb-controller-values

// #region autoscaler-values
export function clusterAutoscalerValues(deployment: Deployment) {
  const { config } = deployment;
  return {
    awsRegion: config.region,
    // The autoscaler's minor version must be the cluster's.
    image: { tag: CLUSTER_AUTOSCALER_IMAGE_TAGS[config.cluster.version] },
    autoDiscovery: { clusterName: config.name },
    rbac: { serviceAccount: { create: true, name: SERVICE_ACCOUNTS.clusterAutoscaler.serviceAccount } },
    ...placement(NODE_GROUPS.control),
    extraArgs: {
      // Scale in only what is empty or nearly so; the schedules own scale-up for the morning.
      'scale-down-utilization-threshold': '0.2',
      'scale-down-unneeded-time': '15m',
      'skip-nodes-with-local-storage': 'false',
      'balance-similar-node-groups': 'true',
      expander: 'least-waste',
    },
  };
}
// #endregion autoscaler-values
