import type { InstanceTypeName } from '../capacity/instances.js';

/**
 * Price inputs of the cost estimate: AWS on-demand list prices in US East
 * (N. Virginia), USD, as published on the date below. Data, not code: update
 * them (and the date) when you estimate; the estimate page shows both.
 */
// #region prices
export const PRICES = {
  asOf: '2026-11-01',
  region: 'us-east-1',
  currency: 'USD',
  /** Per instance-hour, Linux on-demand; one for every type of iac/capacity/instances.ts (the compiler checks). */
  instanceHour: {
    'm5.large': 0.096, 'm5.xlarge': 0.192, 'm5.2xlarge': 0.384, 'm5.4xlarge': 0.768, 'm5.8xlarge': 1.536,
    'm6i.2xlarge': 0.384, 'm6i.4xlarge': 0.768, 'm7i.2xlarge': 0.4032, 'm7i.4xlarge': 0.8064,
    'c5.xlarge': 0.17, 'c5.2xlarge': 0.34, 'c5.4xlarge': 0.68,
    'g4dn.xlarge': 0.526, 'g5.2xlarge': 1.212, 'g5.4xlarge': 1.624, 'g5.8xlarge': 2.448,
    'c7i.xlarge': 0.1785, 'c7i.2xlarge': 0.357, 'm7i.large': 0.1008, 'm7i.xlarge': 0.2016, 'm7i.8xlarge': 1.6128,
    'r7i.2xlarge': 0.5292,
  } satisfies Record<InstanceTypeName, number> as Record<string, number>,
  eksClusterHour: 0.1,
  natGatewayHour: 0.045,
  nlbHour: 0.0225,
  /** NLB capacity units; the estimate assumes this many per hour on average. */
  nlbLcuHour: 0.006,
  auroraAcuHour: 0.12,
  auroraStorageGbMonth: 0.1,
  gp3GbMonth: 0.08,
  vpcInterfaceEndpointHour: 0.01,
};
// #endregion prices
