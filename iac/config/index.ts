import type { DeploymentConfig, DeploymentConfigInput } from './schema.js';
import { ConfigError, validateConfig } from './validate.js';
import { production } from './profiles/production.js';
import { evaluation } from './profiles/evaluation.js';

export { ConfigError, crossFieldProblems, validateConfig, type ConfigProblem } from './validate.js';
export { deploymentConfigSchema, type DeploymentConfig, type DeploymentConfigInput } from './schema.js';

export const profiles = { production, evaluation } as const satisfies Record<string, DeploymentConfigInput>;
export type ProfileName = keyof typeof profiles;

export function isProfileName(name: string): name is ProfileName {
  return Object.hasOwn(profiles, name);
}

/** The raw input of a named profile; unknown names fail with the list of known ones. */
export function loadProfileInput(name: string): DeploymentConfigInput {
  if (!isProfileName(name)) {
    // A user's mistake, reported like any other config problem (no stack trace).
    throw new ConfigError(`profile ${name}`, [{ field: 'profile', message: `"${name}" is not a profile: use one of ${Object.keys(profiles).join(', ')} (iac/config/profiles/), with --profile or GUIDE_PROFILE` }]);
  }
  return profiles[name];
}

/** Loads and validates a named profile. */
export function loadProfile(name: string): DeploymentConfig {
  return validateConfig(loadProfileInput(name), `profile ${name}`);
}
