/**
 * A deployment: a validated config and the plan derived from it (sizing and
 * the subnet plan). Everything downstream (stacks, Helm values, docs tables,
 * diagrams) takes a Deployment, so nothing re-derives a value on its own.
 */
import { ConfigError, loadProfileInput, validateConfig, type ConfigProblem, type DeploymentConfig } from './config/index.js';
import { planNetwork, type NetworkPlan } from './capacity/network-plan.js';
import { size, SizingError, type Sizing } from './capacity/sizing.js';

export interface Deployment {
  config: DeploymentConfig;
  sizing: Sizing;
  network: NetworkPlan;
}

/** Validates, sizes and plans; any problem becomes a ConfigError naming the field to change. */
export function resolveDeployment(raw: unknown, source = 'config'): Deployment {
  const config = validateConfig(raw, source);
  const problems: ConfigProblem[] = [];
  try {
    const sizing = size({
      capacity: config.capacity,
      nodeGroups: config.nodeGroups,
      availabilityZones: config.availabilityZones.length,
      database: config.database,
    });
    const network = planNetwork(sizing, {
      vpcCidr: config.network.vpcCidr,
      availabilityZones: config.availabilityZones,
      subnetPrefix: config.network.subnetPrefix,
      growthBuffer: config.capacity.growthBuffer,
      databaseInstances: 1 + config.database.readers,
    });
    return { config, sizing, network };
  } catch (error) {
    if (!(error instanceof SizingError)) throw error;
    problems.push({ field: error.field, message: error.message });
  }
  throw new ConfigError(source, problems);
}

/** Loads a named profile (iac/config/profiles/) and resolves it. */
export function loadDeployment(profile: string): Deployment {
  return resolveDeployment(loadProfileInput(profile), `profile ${profile}`);
}
