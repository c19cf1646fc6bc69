import type { DeploymentConfig, DeploymentConfigInput } from './schema.js';
import { validateConfig } from './validate.js';
import { production } from './profiles/production.js';
import { evaluation } from './profiles/evaluation.js';

export { ConfigError, validateConfig, type ConfigProblem } from './validate.js';
export { deploymentConfigSchema, type DeploymentConfig, type DeploymentConfigInput } from './schema.js';

export const profiles = { production, evaluation } as const satisfies Record<string, DeploymentConfigInput>;
export type ProfileName = keyof typeof profiles;

export function isProfileName(name: string): name is ProfileName {
  return Object.hasOwn(profiles, name);
}

/** Loads and validates a named profile; unknown names fail with the list of known ones. */
export function loadProfile(name: string): DeploymentConfig {
  if (!isProfileName(name)) {
    throw new Error(`Unknown profile "${name}": use one of ${Object.keys(profiles).join(', ')} (iac/config/profiles/)`);
  }
  return validateConfig(profiles[name], `profile ${name}`);
}
