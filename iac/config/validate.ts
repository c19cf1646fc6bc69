import { z } from 'zod';
import { deploymentConfigSchema, type DeploymentConfig } from './schema.js';

/** One problem with a configuration: the field's dotted path and what to do about it. */
export interface ConfigProblem {
  field: string;
  message: string;
}

/** Thrown when a configuration does not validate; lists every problem, one per line. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(source: string, problems: ConfigProblem[]) {
    super(
      `Invalid deployment configuration (${source}): ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((part) => String(part)).join('.');
}

function toProblems(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return {
        field: fieldPath(issue.path),
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove ${issue.keys.length > 1 ? 'them' : 'it'} or check the spelling against the configuration reference`,
      };
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return { field: fieldPath(issue.path), message: `is required (expected ${issue.expected})` };
    }
    return { field: fieldPath(issue.path), message: issue.message };
  });
}

/** Validates a raw configuration; returns the typed config or throws a ConfigError naming each bad field. */
export function validateConfig(raw: unknown, source = 'config'): DeploymentConfig {
  const result = deploymentConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, toProblems(result.error));
  return result.data;
}
