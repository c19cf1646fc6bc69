/**
 * Composition: toolchain + base + overrides → a Coder template directory.
 * Resolves each layer to a release read from its commit (channel or pin) or,
 * for @dev, the working directory (layer-releases.ts), checks the contract (Property 14),
 * applies overrides through the base's policy (Property 16), pins the
 * resolved artifact and records provenance (Property 15), then writes the
 * directory atomically: a failed composition leaves nothing behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Deployment } from '../../iac/deployment.js';
import { TSHIRT_SIZES } from '../../iac/coder/catalog.js';
import { workspaceInstanceType } from '../../iac/capacity/instances.js';
import { NAMESPACES, NODE_GROUP_KEY, NODE_GROUPS, CODERD_HTTP_PORT, CODERD_INTERNAL_URL } from '../../iac/platform.js';
import { storageClass } from '../../iac/k8s/manifests.js';
import { CAPABILITY_VALUES, CONTRACT_VERSION, type CapabilityName } from '../contract/contract.generated.js';
import { UsageError } from './errors.js';
import { writeTree } from './tree.js';
import { swapInto } from './atomic.js';
import { LayerError, TEMPLATES_DIR, filesUnder, isSafeSegment, loadBase, loadToolchain, type Base, type Toolchain, gpuOnlyBase } from './layers.js';
import { dirDigest, layerDirs, resolveLayer } from './layer-releases.js';
import { checkContract, describeMissing } from './contract-check.js';
import { compositionDistribution, distributionChoices, requirementProblems } from './distribution.js';
import { evaluateCapabilitySettings, evaluateOverrides, type Override } from './overrides.js';
import { loadLock, resolveArtifact, type ArtifactsLock } from './artifacts.js';
import { appsFor, renderMainTf, type ComputeProfile, type Provenance } from './render.js';
import { REGISTRY_MODULES } from './registry-modules.js';
import type { HclValue } from './hcl.js';

export const COMPOSED_DIR = path.join(TEMPLATES_DIR, 'composed');

export interface ComposeRequest {
  /** `name`, `name@stable`, `name@beta`, `name@1.2.0` (a release, read from its commit) or `name@dev` (the working directory). */
  toolchain: string;
  base: string;
  overrides?: Override[];
  permits?: string[];
  enable?: string[];
  /** Name of the composition (directory name under templates/composed by default). */
  name: string;
}

/** A composed template: repository-independent relative paths → contents. */
export type ComposedFiles = Map<string, string>;

export { splitRef } from './layer-releases.js';

/** The compute profiles a toolchain offers, with the numbers of the catalog's t-shirt sizes. */
export function computeProfiles(toolchain: Toolchain, base: Base, gpu: boolean): ComputeProfile[] {
  return toolchain.manifest.compute.profiles.map((name) => {
    const size = TSHIRT_SIZES.find((s) => s.name === name);
    if (!size) throw new LayerError([`${toolchain.dir}/toolchain.yaml: compute.profiles: "${name}" is not a t-shirt size of iac/coder/catalog.ts (${TSHIRT_SIZES.map((s) => s.name).join(', ')})`]);
    return {
      name,
      displayName: size.displayName,
      cpu: size.vcpu,
      memoryGiB: size.memoryGiB,
      homeGiB: size.storageGiB,
      ...(base.kind === 'ec2' ? { instanceType: workspaceInstanceType({ vcpu: size.vcpu, memoryGiB: size.memoryGiB }, gpu) } : {}),
    };
  });
}

/** Values of the instance-specific base variables, from the deployment config. */
export function instanceSettings(deployment: Deployment): Record<string, HclValue> {
  const { config } = deployment;
  return {
    namespace: NAMESPACES.workspaces,
    node_group_label: NODE_GROUP_KEY,
    node_group: NODE_GROUPS.workspace,
    storage_class: storageClass().metadata.name,
    vpc_cidr: config.network.vpcCidr,
    coder_namespace: NAMESPACES.coder,
    coder_internal_url: CODERD_INTERNAL_URL,
    coderd_port: CODERD_HTTP_PORT,
    deployment_name: config.name,
  };
}

export async function compose(rootDir: string, request: ComposeRequest, deployment: Deployment, lock: ArtifactsLock = loadLock(rootDir)): Promise<{ files: ComposedFiles; provenance: Provenance }> {
  if (!isSafeSegment(request.name)) throw new UsageError(`--name ${request.name}: a composition's name is one directory name (letters, digits, ., _ and -, starting with a letter or digit), written under templates/composed/`);
  const t = await resolveLayer(rootDir, request.toolchain, 'toolchain');
  const b = await resolveLayer(rootDir, request.base, 'base');
  const toolchain = loadToolchain(rootDir, t.name, t.source);
  const base = await loadBase(rootDir, b.name, b.source);

  const problems: string[] = [];
  const contract = checkContract(toolchain.required, toolchain.optional, base.implemented, request.enable ?? []);
  if (contract.missing.length) problems.push(describeMissing(`${t.name}@${t.version}`, `${b.name}@${b.version}`, contract.missing, base.implemented));
  problems.push(...contract.problems);
  const decision = evaluateOverrides(base.rules, request.overrides ?? [], request.permits ?? []);
  problems.push(...decision.refused);
  // An override of a capability variable changes the capability: the base, the apps and the
  // provenance all see the new value. Only a guarded rule, permitted by name, may change what the
  // toolchain requires (Property 16); an unguarded one may only choose among what it leaves open.
  const settings = { ...contract.settings };
  for (const o of decision.accepted) {
    const cap = o.name.replace(/_/g, '-');
    if (!(cap in CAPABILITY_VALUES)) continue;
    const value = o.value === 'true' ? true : o.value === 'false' ? false : o.value;
    const required = toolchain.required.find((r) => r.name === cap);
    if (required && required.value !== value && !o.guard) {
      problems.push(`--override ${o.name}=${o.value}: ${t.name} requires ${cap}: ${JSON.stringify(required.value)}, and rule ${o.rule} guards nothing that could permit changing it; drop the override or pick a toolchain that does not require ${cap}`);
    }
    settings[cap as CapabilityName] = value;
  }
  // Capability settings that move a guarded variable off the base's default need a permit too.
  const overridden = new Set(decision.accepted.map((o) => o.name));
  const capabilityChanges = evaluateCapabilitySettings(
    base.rules,
    base.variables,
    Object.entries(contract.settings)
      .map(([cap, value]) => ({ variable: cap.replace(/-/g, '_'), capability: cap, value: value as boolean | string, origin: contract.enabled.includes(cap as CapabilityName) ? (request.enable?.includes(cap) ? `enabled with --enable ${cap}` : `optional in ${t.name}, on because ${b.name} offers only that`) : `required by ${t.name}` }))
      .filter((s) => !overridden.has(s.variable)),
    request.permits ?? [],
  );
  problems.push(...capabilityChanges.refused);
  const accepted = [...decision.accepted, ...capabilityChanges.accepted];
  // The distribution its workspaces run (contract 1.2): one the base offers, with every capability
  // the base implements only on some distributions (a desktop, say) on one of those.
  const fixedDistribution = settings['os-distribution'];
  const distribution = compositionDistribution(base, toolchain.manifest, fixedDistribution);
  const offered = base.implemented['os-distribution'];
  if (offered && distribution === undefined) problems.push(`${b.name}@${b.version} runs ${offered.join(', ')}, and nothing chooses one: ${base.kind === 'kubernetes' ? `declare image.distribution in ${t.name}'s toolchain.yaml (what its image is built FROM)` : 'give the base a default os_distribution, or compose with --override os_distribution=<one>'}`);
  else if (offered && distribution && !offered.includes(distribution)) problems.push(`os-distribution: ${b.name}@${b.version} offers ${offered.join(', ')}; ${base.kind === 'kubernetes' ? `${t.name}'s image is built on` : 'this composition asks for'} ${distribution}`);
  problems.push(...requirementProblems(base, `${b.name}@${b.version}`, settings, distribution));
  // A pod cannot install a desktop at start (it runs as coder, without sudo): its image must hold one.
  if (base.kind === 'kubernetes' && settings['gui-vnc'] === true && toolchain.manifest.image.desktop !== 'kasmvnc') {
    problems.push(`gui-vnc: a pod cannot install a desktop when it starts (no sudo for the coder user), and ${t.name}@${t.version}'s image holds none: install XFCE and KasmVNC in its image (${toolchain.manifest.image.definition}) and declare image.desktop: kasmvnc in its toolchain.yaml`);
  }
  // An EC2 base boots the AMI of that distribution and is told which it is.
  if (distribution && base.kind === 'ec2') settings['os-distribution'] = distribution;
  if (deployment.config.region !== lock.region) problems.push(`templates/artifacts.lock.yaml: region: ${lock.region}, but the deployment runs in ${deployment.config.region}; resolve the artifacts for ${deployment.config.region}`);
  if (problems.length) throw new LayerError(problems);

  const artifactOf = (d: string | undefined) => resolveArtifact(lock, base.kind, { name: t.name, versions: t.artifactVersions, repository: toolchain.manifest.image.repository }, { name: b.name, versions: b.artifactVersions, ...(d ? { distribution: d } : {}) });
  const artifact = artifactOf(distribution);
  // Where nothing fixes the distribution, the owner picks one when creating the workspace: the
  // template carries the AMI of each (the default one is the artifact above).
  const choices = Object.fromEntries(distributionChoices(base, fixedDistribution, settings).map((d) => [d, artifactOf(d).imageId]));
  const modules = await layerDirs(rootDir, b.name, 'base', b.source);
  // The instance type follows the base: a base that offers only gpu-support: true runs on GPU
  // types whatever the toolchain says about GPUs (its instance_type accepts nothing else).
  const gpu = settings['gpu-support'] === true || gpuOnlyBase(base);
  const profiles = computeProfiles(toolchain, base, gpu);

  const provenance: Provenance = {
    composition: request.name,
    contract: CONTRACT_VERSION,
    toolchain: { name: t.name, version: t.version, channel: t.channel, files_sha256: t.digest },
    base: { name: b.name, version: b.version, channel: b.channel, files_sha256: b.digest, modules: modules.filter((m) => m !== b.name), module_sha256: Object.fromEntries(modules.filter((m) => m !== b.name).map((m) => [m, dirDigest(rootDir, path.join(b.source, m))])) },
    artifact: { kind: artifact.kind, image_id: artifact.imageId, lock_entry: artifact.entry, source: artifact.source, region: artifact.region, ...(distribution ? { os_distribution: distribution } : {}), ...(Object.keys(choices).length ? { choices } : {}) },
    capabilities: { required: Object.fromEntries(toolchain.required.map((r) => [r.name, r.value])), enabled_optional: contract.enabled },
    overrides: accepted,
    registry_modules: Object.fromEntries(appsFor({ toolchain: toolchain.manifest, base, settings }, accepted).map((a) => [a, `${REGISTRY_MODULES[a].source}@${REGISTRY_MODULES[a].version}`])),
    deployment: deployment.config.name,
  };

  const files: ComposedFiles = new Map();
  files.set(
    'main.tf',
    renderMainTf({
      provenance,
      toolchain: toolchain.manifest,
      base,
      settings,
      profiles,
      defaultProfile: toolchain.manifest.compute.default,
      instance: instanceSettings(deployment),
      region: deployment.config.region,
      deploymentName: deployment.config.name,
    }),
  );
  files.set('provenance.json', `${JSON.stringify(provenance, null, 2)}\n`);
  // Both layers travel inside the template: Coder uploads the directory as it is.
  for (const m of modules) {
    const dir = path.join(b.source, m);
    for (const file of filesUnder(rootDir, dir).filter((f) => !f.startsWith('policies/') && !f.endsWith('.md') && f !== 'releases.yaml')) {
      files.set(`modules/${m}/${file}`, fs.readFileSync(path.join(rootDir, dir, file), 'utf8'));
    }
  }
  for (const file of filesUnder(rootDir, toolchain.dir).filter((f) => f.startsWith('bootstrap/') || f.startsWith('tests/') || f === 'toolchain.yaml')) {
    files.set(`toolchain/${file}`, fs.readFileSync(path.join(rootDir, toolchain.dir, file), 'utf8'));
  }
  return { files, provenance };
}

/** Whether a directory holds a composition this tool wrote (its provenance.json names one). */
function isComposition(dir: string): boolean {
  try {
    const provenance = JSON.parse(fs.readFileSync(path.join(dir, 'provenance.json'), 'utf8')) as Partial<Provenance>;
    return typeof provenance.composition === 'string' && typeof provenance.toolchain?.name === 'string' && typeof provenance.base?.name === 'string';
  } catch {
    return false;
  }
}

/**
 * Writes a composed template directory atomically: all of it, or (on failure) nothing. The
 * target must be new, empty or a composition written before (it is replaced in one rename);
 * anything else is refused, so `--out` can never delete a directory it did not write.
 * Directories are 0755 and files 0644 (scripts 0755), whatever the umask.
 */
/**
 * Creates `dir` and its missing parents one level at a time, naming the path
 * on failure. (Node 20's recursive mkdir never returns under a path such as
 * /proc/x, where mkdir answers ENOENT; one level at a time it fails at once.)
 */
function makeParents(dir: string, asGiven: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!fs.existsSync(at)) {
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  if (fs.existsSync(at) && !fs.statSync(at).isDirectory()) throw new UsageError(`--out ${asGiven}: ${at} is a file, not a directory`);
  for (const level of missing) {
    try {
      fs.mkdirSync(level);
    } catch (error) {
      throw new UsageError(`--out ${asGiven}: cannot create ${level} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); name a directory you may write to`);
    }
  }
}

export function writeComposition(outDir: string, files: ComposedFiles): void {
  const target = path.resolve(outDir);
  if (fs.existsSync(target)) {
    if (!fs.statSync(target).isDirectory()) throw new UsageError(`--out ${outDir}: a file is in the way; name a new or empty directory`);
    if (fs.readdirSync(target).length > 0 && !isComposition(target)) {
      throw new UsageError(`--out ${outDir}: the directory is not empty and holds no provenance.json, so it is not a composition npm run compose wrote; refusing to replace it. Name a new or empty directory (or a composition's own directory)`);
    }
  }
  const parent = path.dirname(target);
  makeParents(parent, outDir);
  let tmp: string;
  try {
    tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  } catch (error) {
    throw new UsageError(`--out ${outDir}: cannot write in ${parent} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); name a directory you may write to`);
  }
  try {
    writeTree(tmp, files);
    swapInto(tmp, target);
  } catch (error) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
