/**
 * Reading the two layers from disk: a toolchain (toolchain.yaml,
 * releases.yaml, bootstrap/, build/, tests/) and an infrastructure base (HCL
 * with its capabilities in capabilities.tf, releases.yaml, policies/). The
 * base's HCL is read with a real HCL parser, so what compose checks is what
 * Terraform will run. Every problem names the file, the field and the fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parse as parseHcl } from '@cdktn/hcl2json';
import { z } from 'zod';
import { zodProblems } from './contract.js';
import { LayerError } from './errors.js';
import { CAPABILITY_VALUES, type Capabilities, type CapabilityName } from '../contract/contract.generated.js';
import { CHANGE_TYPES, releaseProblems, type ChangeType, type Release } from './versions.js';
import { ruleSchema, type OverrideRule } from './overrides.js';
import { portabilityProblems } from './portability.js';

export const TEMPLATES_DIR = 'templates';

export { LayerError } from './errors.js';

const capabilityName = z.enum(Object.keys(CAPABILITY_VALUES) as [CapabilityName, ...CapabilityName[]], {
  error: () => `not a capability of the contract (one of ${Object.keys(CAPABILITY_VALUES).join(', ')})`,
});
/** A capability entry: `name: value` as a one-key map. */
const capabilityEntry = z
  .partialRecord(capabilityName, z.union([z.boolean(), z.string()]))
  .refine((entry) => Object.keys(entry).length === 1, 'write each capability as its own `- name: value` entry');

const releaseSchema = z.object({
  version: z.string(),
  channel: z.enum(['stable', 'beta']),
  date: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'sha256:<64 hex digits>, written by `npm run compose -- release`'),
  /** The commit whose files the release is (the first one that holds them): history, not a copy. */
  commit: z.string({ error: (issue) => (issue.input === undefined ? 'missing: the full SHA of the commit that holds the release\'s files, written by `npm run compose -- release`' : `${String(issue.input)} is not text: write the commit SHA in quotes`) }).regex(/^[0-9a-f]{40}$/, 'a full 40-hex-digit commit SHA (a tag or a short SHA may not survive every clone)'),
  changes: z.array(z.object({ type: z.enum(CHANGE_TYPES as [ChangeType, ...ChangeType[]]), summary: z.string().min(1) })),
  withdrawn: z.string().min(1, 'say why the release is withdrawn (npm run compose -- withdraw <layer> <version> --reason …)').optional(),
});
/** The distributions of the contract's os-distribution capability. */
export type Distribution = Capabilities['os-distribution'];
export const DISTRIBUTIONS = CAPABILITY_VALUES['os-distribution'] as readonly Distribution[];
const distribution = z.enum(DISTRIBUTIONS as unknown as [Distribution, ...Distribution[]], { error: () => `not a distribution of the contract's os-distribution (one of ${DISTRIBUTIONS.join(', ')})` });
const releasesFile = z
  .object({
    /** The public SSM parameter each distribution's AMI is resolved from (EC2 bases). */
    ami_parameters: z.partialRecord(distribution, z.string().startsWith('/aws/service/')).optional(),
    releases: z.array(releaseSchema),
  })
  .strict();

const component = z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case name such as scikit-learn'), version: z.string().min(1) });
export const toolchainSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*-toolchain$/, 'toolchain names end in -toolchain'),
  version: z.never({ error: 'a toolchain gets its version when it is released (`npm run compose -- release`, recorded in releases.yaml); remove the field' }).optional(),
  description: z.string().min(1),
  /** The operating system its scripts and image are for: the contract's os capability, which the toolchain requires. */
  os: z.enum(['linux', 'windows']),
  toolchain: z.object({ languages: z.array(component).min(1), tools: z.array(component), libraries: z.array(component).optional() }),
  capabilities: z.object({ required: z.array(capabilityEntry), optional: z.array(capabilityEntry) }),
  compute: z.object({ profiles: z.array(z.string()).min(1), default: z.string() }),
  apps: z.array(z.enum(['code-server', 'jupyterlab'])),
  bootstrap: z.object({ script: z.string() }),
  /** distribution: what the image is built on (its FROM), which a pod workspace then runs. */
  /** desktop: a desktop installed in the image (kasmvnc: XFCE and KasmVNC), which a pod's gui-vnc needs. */
  image: z.object({ repository: z.string().regex(/^[a-z0-9][a-z0-9._/-]*$/), definition: z.string(), distribution: distribution.optional(), desktop: z.enum(['kasmvnc']).optional() }),
});
export type ToolchainManifest = z.infer<typeof toolchainSchema>;

export interface CapabilityRequirement {
  name: CapabilityName;
  value: boolean | string;
}

export interface Toolchain {
  dir: string;
  manifest: ToolchainManifest;
  releases: Release[];
  required: CapabilityRequirement[];
  optional: CapabilityRequirement[];
}

export interface Base {
  name: string;
  dir: string;
  kind: 'kubernetes' | 'ec2';
  agent: { os: 'linux' | 'windows'; arch: string; auth: 'token' | 'aws-instance-identity' };
  /** capability → values the base can provide */
  implemented: Partial<Record<CapabilityName, Array<boolean | string>>>;
  /** Variables the base declares (name → whether it has a default, and the default). */
  variables: Record<string, { hasDefault: boolean; default?: unknown }>;
  /** Local modules the base calls (relative sources), which compose copies beside it. */
  localModules: string[];
  /** Providers the base and its local modules require. */
  providers: string[];
  releases: Release[];
  /** distribution → the public SSM parameter of its AMI (EC2 bases). */
  amiParameters: Partial<Record<Distribution, string>>;
  /**
   * Capabilities the base implements on some settings only (capabilities.tf capability_requires):
   * capability → the capability it needs → the values that allow it. Compose refuses elsewhere.
   */
  requires: Partial<Record<CapabilityName, Partial<Record<CapabilityName, Array<boolean | string>>>>>;
  rules: OverrideRule[];
}

function readYaml(rootDir: string, file: string): unknown {
  const abs = path.join(rootDir, file);
  if (!fs.existsSync(abs)) throw new LayerError([`${file}: missing`]);
  try {
    return parseYaml(fs.readFileSync(abs, 'utf8'));
  } catch (error) {
    throw new LayerError([`${file}: not valid YAML: ${(error as Error).message}`]);
  }
}

function requirements(entries: Array<Record<string, boolean | string>>, where: string, problems: string[]): CapabilityRequirement[] {
  return entries.map((entry, i) => {
    const [name, value] = Object.entries(entry)[0] as [CapabilityName, boolean | string];
    if (!(CAPABILITY_VALUES[name] as readonly unknown[]).includes(value)) {
      problems.push(`${where}[${i}].${name}: ${JSON.stringify(value)} is not a value of ${name} (one of ${CAPABILITY_VALUES[name].map((v) => JSON.stringify(v)).join(', ')})`);
    }
    return { name, value };
  });
}

/** A layer's release history (templates/<layer>/releases.yaml): oldest first, each bump matching its changes. */
export function loadReleases(rootDir: string, name: string): { releases: Release[]; ami_parameters?: Partial<Record<Distribution, string>> } {
  const file = path.join(TEMPLATES_DIR, name, 'releases.yaml');
  const parsed = releasesFile.safeParse(readYaml(rootDir, file));
  if (!parsed.success) throw new LayerError(zodProblems(file, parsed.error));
  const problems = releaseProblems(parsed.data.releases).map((p) => `${file}: ${p}`);
  if (problems.length) throw new LayerError(problems);
  return parsed.data;
}

/** Names of the toolchains and bases under templates/. */
export function listLayers(rootDir: string): { toolchains: string[]; bases: string[] } {
  const entries = fs.readdirSync(path.join(rootDir, TEMPLATES_DIR)).sort();
  return { toolchains: entries.filter((e) => e.endsWith('-toolchain')), bases: entries.filter((e) => e.startsWith('base-')) };
}

/** Every file under a directory (recursively), relative to it with `/` separators, sorted. */
/** The release machinery's own bookkeeping beside a history: its lock, and an atomic write in progress. Never layer content. */
const HISTORY_BOOKKEEPING = /^releases\.yaml\.(lock|tmp-\d+)$/;

export function filesUnder(rootDir: string, dir: string): string[] {
  return (fs.readdirSync(path.join(rootDir, dir), { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && !HISTORY_BOOKKEEPING.test(e.name))
    .map((e) => path.relative(path.join(rootDir, dir), path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * A toolchain's files as they are in `source` (templates/ for the working directory, or a
 * release's files read from its commit, under .releases/), with its release history from templates/<name>/releases.yaml.
 */
export function loadToolchain(rootDir: string, name: string, source: string = TEMPLATES_DIR): Toolchain {
  const dir = path.join(source, name);
  if (!fs.existsSync(path.join(rootDir, dir))) throw new LayerError([`${name}: no such toolchain under ${source}/ (toolchains under templates/: ${listLayers(rootDir).toolchains.join(', ')})`]);
  const file = path.join(dir, 'toolchain.yaml');
  const parsed = toolchainSchema.safeParse(readYaml(rootDir, file));
  if (!parsed.success) throw new LayerError(zodProblems(file, parsed.error));
  const manifest = parsed.data;
  const problems: string[] = [];
  if (manifest.name !== name) problems.push(`${file}: name: "${manifest.name}" must equal the directory name "${name}"`);
  const listed = requirements(manifest.capabilities.required, `${file}: capabilities.required`, problems);
  const optional = requirements(manifest.capabilities.optional, `${file}: capabilities.optional`, problems);
  if ([...listed, ...optional].some((r) => r.name === 'os')) problems.push(`${file}: capabilities: os is the top-level os field (${manifest.os}); remove it from the capability lists`);
  // The os is a requirement like any other: the contract check reports it in the same list.
  const required: CapabilityRequirement[] = [{ name: 'os', value: manifest.os }, ...listed.filter((r) => r.name !== 'os')];
  const wanted = listed.find((r) => r.name === 'os-distribution')?.value;
  if (wanted !== undefined && manifest.image.distribution !== undefined && wanted !== manifest.image.distribution) {
    problems.push(`${file}: capabilities.required: os-distribution: ${String(wanted)}, but image.distribution is ${manifest.image.distribution}: a pod runs the image's; build the image on ${String(wanted)} or require ${manifest.image.distribution}`);
  }
  if (!manifest.compute.profiles.includes(manifest.compute.default)) problems.push(`${file}: compute.default: "${manifest.compute.default}" is not one of compute.profiles`);
  for (const rel of [manifest.bootstrap.script, manifest.image.definition]) {
    if (!fs.existsSync(path.join(rootDir, dir, rel))) problems.push(`${file}: ${rel} does not exist in ${dir}`);
  }
  const files = filesUnder(rootDir, dir).map((f): [string, string] => [path.join(dir, f), fs.readFileSync(path.join(rootDir, dir, f), 'utf8')]);
  problems.push(...portabilityProblems(files));
  const { releases } = loadReleases(rootDir, name);
  if (problems.length) throw new LayerError(problems);
  return { dir, manifest, releases, required, optional };
}

type HclBody = Record<string, unknown>;

/** All HCL of a module directory, parsed, each with its file. */
export async function parseHclFiles(rootDir: string, dir: string): Promise<Array<{ file: string; body: HclBody }>> {
  const files = fs.readdirSync(path.join(rootDir, dir)).filter((f) => f.endsWith('.tf')).sort();
  const out: Array<{ file: string; body: HclBody }> = [];
  for (const f of files) {
    const file = path.join(dir, f);
    try {
      out.push({ file, body: (await parseHcl(file, fs.readFileSync(path.join(rootDir, file), 'utf8'))) as HclBody });
    } catch (error) {
      throw new LayerError([`${file}: not valid HCL: ${(error as Error).message}`]);
    }
  }
  return out;
}

/** One safe path segment: a directory or composition name that cannot climb out of where it is joined. */
export const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const isSafeSegment = (name: string): boolean => SAFE_SEGMENT.test(name) && !name.includes('..');

/**
 * The local modules (`source = "../<dir>"`) a module's parsed HCL calls, as directory names under
 * templates/. A source that climbs further (`../../x`, `../a/../../x`) would make compose and release
 * read and write outside templates/, so it is refused.
 */
export function localModuleSources(hcl: ReadonlyArray<{ file?: string; body: HclBody }>): string[] {
  const out: string[] = [];
  const problems: string[] = [];
  for (const { file, body } of hcl) {
    for (const [label, decl] of Object.entries((body.module as Record<string, HclBody[]>) ?? {})) {
      const source = decl[0]?.source;
      if (typeof source !== 'string' || !source.startsWith('../')) continue;
      const dir = source.slice(3).replace(/\/+$/, '');
      if (isSafeSegment(dir)) out.push(dir);
      else problems.push(`${file ?? 'a module'}: module "${label}": source = "${source}" is outside templates/; a local module must be a sibling directory, source = "../<name>"`);
    }
  }
  if (problems.length) throw new LayerError(problems);
  return out;
}

/** A base as it is in `source` (templates/, or a release's files read from its commit), read with a real HCL parser. */
/** A base that offers only gpu-support: true: it runs on GPU instance types whatever the toolchain says. */
export function gpuOnlyBase(base: Pick<Base, 'implemented'>): boolean {
  const gpu = base.implemented['gpu-support'];
  return gpu?.length === 1 && gpu[0] === true;
}

export async function loadBase(rootDir: string, name: string, source: string = TEMPLATES_DIR): Promise<Base> {
  const dir = path.join(source, name);
  if (!fs.existsSync(path.join(rootDir, dir))) throw new LayerError([`${name}: no such base under ${source}/ (bases under templates/: ${listLayers(rootDir).bases.join(', ')})`]);
  const hcl = await parseHclFiles(rootDir, dir);
  const problems: string[] = [];
  const capFile = path.join(dir, 'capabilities.tf');
  const capabilities = hcl.find((h) => h.file === capFile);
  if (!capabilities) throw new LayerError([`${capFile}: missing; a base declares what it implements there (locals base, implemented_capabilities, agent)`]);
  const locals = Object.assign({}, ...((capabilities.body.locals as HclBody[] | undefined) ?? [])) as HclBody;
  const baseInfo = locals.base as { name?: string; kind?: string } | undefined;
  const agent = locals.agent as Base['agent'] | undefined;
  const implemented = locals.implemented_capabilities as Record<string, unknown[]> | undefined;
  if (!baseInfo || baseInfo.name !== name) problems.push(`${capFile}: locals.base.name must be "${name}"`);
  if (!baseInfo || (baseInfo.kind !== 'kubernetes' && baseInfo.kind !== 'ec2')) problems.push(`${capFile}: locals.base.kind must be "kubernetes" or "ec2"`);
  if (!agent || !['linux', 'windows'].includes(agent.os) || !['token', 'aws-instance-identity'].includes(agent.auth)) problems.push(`${capFile}: locals.agent needs os (linux, windows), arch and auth (token, aws-instance-identity)`);
  if (!implemented) problems.push(`${capFile}: locals.implemented_capabilities is missing`);
  const caps: Base['implemented'] = {};
  for (const [cap, values] of Object.entries(implemented ?? {})) {
    if (!(cap in CAPABILITY_VALUES)) {
      problems.push(`${capFile}: implemented_capabilities."${cap}": not a capability of the contract`);
      continue;
    }
    const allowed = CAPABILITY_VALUES[cap as CapabilityName] as readonly unknown[];
    // Capability values are literals (hcl2json would keep an expression as a "${...}" string).
    const list = (Array.isArray(values) ? values : []) as Array<boolean | string>;
    const bad = list.filter((v) => !allowed.includes(v));
    if (!Array.isArray(values) || list.length === 0 || bad.length) problems.push(`${capFile}: implemented_capabilities."${cap}": must be a non-empty list of literal values of ${cap} (${allowed.map((v) => JSON.stringify(v)).join(', ')})`);
    caps[cap as CapabilityName] = list;
  }
  if ('os' in caps) problems.push(`${capFile}: implemented_capabilities."os": the os a base implements is the one its agent runs (locals.agent.os); remove the entry`);
  // The os capability is implemented by the os the agent runs.
  if (agent) caps.os = [agent.os];
  const variables: Base['variables'] = {};
  const localModules = localModuleSources(hcl);
  const providers = new Set<string>();
  for (const { body } of hcl) {
    for (const t of (body.terraform as HclBody[] | undefined) ?? []) for (const rp of (t.required_providers as HclBody[] | undefined) ?? []) for (const p of Object.keys(rp)) providers.add(p);
    for (const [v, decl] of Object.entries((body.variable as Record<string, HclBody[]>) ?? {})) variables[v] = decl[0] !== undefined && 'default' in decl[0] ? { hasDefault: true, default: decl[0].default } : { hasDefault: false };
  }
  const { releases, ami_parameters: amiParameters = {} } = loadReleases(rootDir, name);
  const releasesPath = path.join(TEMPLATES_DIR, name, 'releases.yaml');
  if (baseInfo?.kind === 'ec2' && Object.keys(amiParameters).length === 0) problems.push(`${releasesPath}: ami_parameters: an EC2 base names, per distribution, the public SSM parameter its AMI is resolved from`);
  for (const d of (caps['os-distribution'] ?? []) as Distribution[]) {
    if (baseInfo?.kind === 'ec2' && !amiParameters[d]) problems.push(`${releasesPath}: ami_parameters: ${d} is implemented (capabilities.tf os-distribution) but has no AMI parameter`);
  }
  // capability_requires: { "<capability>" = { "<capability it needs>" = [values] } }.
  const requires: Base['requires'] = {};
  for (const [cap, needs] of Object.entries((locals.capability_requires as Record<string, unknown> | undefined) ?? {})) {
    if (!(cap in caps)) {
      problems.push(`${capFile}: capability_requires."${cap}": the base does not implement ${cap}`);
      continue;
    }
    for (const [need, values] of Object.entries((needs as Record<string, unknown>) ?? {})) {
      const allowed = (CAPABILITY_VALUES[need as CapabilityName] ?? []) as readonly unknown[];
      if (!Array.isArray(values) || values.length === 0 || values.some((v) => !allowed.includes(v))) {
        problems.push(`${capFile}: capability_requires."${cap}"."${need}": must be a non-empty list of values of ${need}`);
        continue;
      }
      (requires[cap as CapabilityName] ??= {})[need as CapabilityName] = values as Array<boolean | string>;
    }
  }
  const rulesFile = path.join(dir, 'policies', 'overrides.yaml');
  const rules = z.object({ rules: z.array(ruleSchema) }).safeParse(readYaml(rootDir, rulesFile));
  if (!rules.success) problems.push(...zodProblems(rulesFile, rules.error));
  for (const rule of rules.success ? rules.data.rules : []) {
    if (!(rule.match in variables)) problems.push(`${rulesFile}: rule ${rule.name}: matches "${rule.match}", which ${name} does not declare as a variable`);
  }
  if (problems.length) throw new LayerError(problems);
  return {
    name,
    dir,
    kind: baseInfo!.kind as Base['kind'],
    agent: agent!,
    implemented: caps,
    variables,
    localModules: [...new Set(localModules)].sort(),
    providers: [...providers].sort(),
    releases,
    amiParameters,
    requires,
    rules: rules.success ? rules.data.rules : [],
  };
}
