import { z } from 'zod';
import { deploymentConfigSchema, type DeploymentConfig } from './schema.js';
import { overlaps } from '../capacity/cidr.js';
import { TSHIRT_SIZES } from '../coder/catalog.js';

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

function article(kind: string): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((part) => String(part)).join('.');
}

/** The value at a path of the raw input (zod does not keep it on the issue). */
function valueAt(raw: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let at: unknown = raw;
  for (const part of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at as object, part as string)) return { found: false };
    at = (at as Record<PropertyKey, unknown>)[part];
  }
  return { found: true, value: at };
}

function toProblems(error: z.ZodError, raw: unknown): ConfigProblem[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return {
        field: fieldPath(issue.path),
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove ${issue.keys.length > 1 ? 'them' : 'it'} or check the spelling against the configuration reference`,
      };
    }
    if (issue.code === 'invalid_type') {
      const given = valueAt(raw, issue.path);
      if (!given.found || given.value === undefined) return { field: fieldPath(issue.path), message: `is required (expected ${article(issue.expected)})` };
      // "expected a number, got a string": what is wanted and what was written, for 3000 quoted as '3000'.
      return { field: fieldPath(issue.path), message: `expected ${article(issue.expected)}, got ${article(kindOf(given.value))}${typeof given.value === 'string' ? ` (${JSON.stringify(given.value)})` : ''}` };
    }
    return { field: fieldPath(issue.path), message: issue.message };
  });
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Checks that relate fields to each other; the schema has checked each field alone. */
export function crossFieldProblems(config: DeploymentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  config.availabilityZones.forEach((az, i) => {
    if (!az.startsWith(config.region)) {
      problems.push({ field: `availabilityZones.${i}`, message: `${az} is not in region ${config.region}: use zones such as ${config.region}a` });
    }
  });
  const dupes = config.availabilityZones.filter((az, i, all) => all.indexOf(az) !== i);
  if (dupes.length) problems.push({ field: 'availabilityZones', message: `lists ${[...new Set(dupes)].join(', ')} more than once: each zone once` });

  for (const [i, cidr] of config.network.reservedCidrs.entries()) {
    if (overlaps(config.network.vpcCidr, cidr)) {
      problems.push({ field: 'network.vpcCidr', message: `${config.network.vpcCidr} overlaps reserved range ${cidr} (network.reservedCidrs.${i}): choose a VPC range outside it` });
    }
  }

  const accessHost = config.dns.accessHost;
  if (accessHost !== config.dns.hostedZone && !accessHost.endsWith(`.${config.dns.hostedZone}`)) {
    problems.push({ field: 'dns.accessHost', message: `${accessHost} is not inside the hosted zone ${config.dns.hostedZone}: use a name such as coder.${config.dns.hostedZone}` });
  }

  const { capacity } = config;
  if (capacity.offHoursWorkspaces > capacity.peakWorkspaces) {
    problems.push({ field: 'capacity.offHoursWorkspaces', message: `${capacity.offHoursWorkspaces} is more than the peak (${capacity.peakWorkspaces}): off-hours capacity must not exceed peak` });
  }
  const mix = capacity.workspaceMix;
  const sum = mix.pod + mix.ec2Linux + mix.ec2Windows + mix.ec2Gpu;
  if (Math.abs(sum - 1) > 1e-6) {
    problems.push({ field: 'capacity.workspaceMix', message: `shares add up to ${Number(sum.toFixed(4))}, not 1: adjust pod, ec2Linux, ec2Windows and ec2Gpu` });
  }

  if (!isTimeZone(config.peakWindow.timezone)) {
    problems.push({ field: 'peakWindow.timezone', message: `"${config.peakWindow.timezone}" is not an IANA time zone: use a name such as America/New_York` });
  }
  if (minutes(config.peakWindow.start) >= minutes(config.peakWindow.end)) {
    problems.push({ field: 'peakWindow.end', message: `${config.peakWindow.end} is not after the start ${config.peakWindow.start}: the peak window must start before it ends on the same day` });
  }

  if (config.environment === 'production' && config.database.readers < 1) {
    problems.push({ field: 'database.readers', message: 'production needs at least 1 reader in another AZ so that Aurora can fail over' });
  }
  if (config.database.readers + 1 > config.availabilityZones.length * 2) {
    problems.push({ field: 'database.readers', message: `${config.database.readers} readers is more than two per AZ: lower it or add zones` });
  }
  const templates = new Set(TSHIRT_SIZES.map((t) => t.name));
  config.coder.alwaysOnTemplates.forEach((name, i) => {
    if (!templates.has(name)) {
      problems.push({ field: `coder.alwaysOnTemplates.${i}`, message: `"${name}" is not a template of the catalog: use one of ${[...templates].join(', ')}` });
    }
  });
  const groupNames = config.coder.groups.map((g) => g.name);
  const dupGroups = groupNames.filter((g, i) => groupNames.indexOf(g) !== i);
  if (dupGroups.length) problems.push({ field: 'coder.groups', message: `group ${[...new Set(dupGroups)].join(', ')} is declared more than once` });
  return problems;
}

/** Validates a raw configuration; returns the typed config or throws a ConfigError naming each bad field. */
/**
 * Own `__proto__` keys of the raw input (a JSON file can have one): the schema
 * never sees them (a parsed object drops such a key), so a role named
 * `__proto__` would vanish from the sync without a word. Named here instead.
 */
function protoKeys(raw: unknown, at: PropertyKey[] = []): ConfigProblem[] {
  if (raw === null || typeof raw !== 'object') return [];
  const own = Object.hasOwn(raw, '__proto__') ? [{ field: fieldPath([...at, '__proto__']), message: '"__proto__" cannot be a key here (a JavaScript object drops it silently); rename the role or group in the identity provider' }] : [];
  return [...own, ...Object.entries(raw).flatMap(([k, v]) => protoKeys(v, [...at, k]))];
}

export function validateConfig(raw: unknown, source = 'config'): DeploymentConfig {
  const dropped = protoKeys(raw);
  if (dropped.length) throw new ConfigError(source, dropped);
  const result = deploymentConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, toProblems(result.error, raw));
  const problems = crossFieldProblems(result.data);
  if (problems.length) throw new ConfigError(source, problems);
  return result.data;
}
