/**
 * Releases as immutable snapshots (Property 17). Publishing a release copies
 * the layer's files into templates/releases/<layer>/<version>/ and records
 * their digest in the layer's releases.yaml; compose reads stable, beta and
 * pinned versions from those snapshots and checks each against its digest,
 * so a release means the same files forever. The working directory
 * (templates/<layer>/) composes only when asked for as `<layer>@dev`, and is
 * labelled as such: a change there reaches a composition only by a release.
 *
 * A snapshot holds `<dir>/<file>` for the layer's own directory (without
 * releases.yaml) and, for a base, every local module it calls, transitively:
 * base-ec2-gpu's release carries the base-ec2-linux and shared-ec2-workspace
 * it was released with.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { LayerError, UsageError } from './errors.js';
import { filesUnder, listLayers, loadReleases, localModuleSources, parseHclFiles, TEMPLATES_DIR } from './layers.js';
import { parseSpec, resolveRelease, type Channel, type Release } from './versions.js';

export const RELEASES_DIR = path.join(TEMPLATES_DIR, 'releases');
export type LayerKind = 'toolchain' | 'base';

export const snapshotDir = (name: string, version: string) => path.join(RELEASES_DIR, name, version);

/** Toolchains end in -toolchain, bases start with base-; anything else is not a layer. */
export function layerKind(rootDir: string, name: string): LayerKind {
  const layers = listLayers(rootDir);
  if (layers.toolchains.includes(name)) return 'toolchain';
  if (layers.bases.includes(name)) return 'base';
  throw new UsageError(`${name}: not a toolchain or base under templates/ (toolchains: ${layers.toolchains.join(', ')}; bases: ${layers.bases.join(', ')})`);
}

/** The directories a layer's release holds: the layer, and for a base the local modules it calls (transitively), sorted. */
export async function layerDirs(rootDir: string, name: string, kind: LayerKind, source: string = TEMPLATES_DIR): Promise<string[]> {
  if (kind === 'toolchain') return [name];
  const seen = new Set<string>();
  const queue = [name];
  while (queue.length) {
    const dir = queue.shift()!;
    if (seen.has(dir)) continue;
    if (!fs.existsSync(path.join(rootDir, source, dir))) throw new LayerError([`${name}: calls the local module ../${dir}, which does not exist under ${source}/`]);
    seen.add(dir);
    queue.push(...localModuleSources(await parseHclFiles(rootDir, path.join(source, dir))));
  }
  return [...seen].sort();
}

/** What a release of the layer holds, as `<dir>/<file>` → content, from `source`. */
export async function layerFiles(rootDir: string, name: string, kind: LayerKind, source: string = TEMPLATES_DIR): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const dir of await layerDirs(rootDir, name, kind, source)) {
    for (const file of filesUnder(rootDir, path.join(source, dir))) {
      if (file === 'releases.yaml') continue;
      files.set(`${dir}/${file}`, fs.readFileSync(path.join(rootDir, source, dir, file)));
    }
  }
  return files;
}

/** The digest of one module directory (a layer or a local module it bundles), releases.yaml left out as in a release. */
export function moduleDigest(rootDir: string, dir: string): string {
  return digestFiles(new Map(filesUnder(rootDir, dir).filter((f) => f !== 'releases.yaml').map((f) => [f, fs.readFileSync(path.join(rootDir, dir, f))])));
}

/**
 * Other bases that bundle a module this layer's release holds (the layer itself, or a local module
 * it calls) in a version different from the working directory's: they carry the old files until they
 * are released too. Their newest release (withdrawn ones aside) is what they bundle now.
 */
export async function bundledElsewhere(rootDir: string, name: string): Promise<Array<{ layer: string; version: string; modules: string[] }>> {
  const kind = layerKind(rootDir, name);
  const mine = new Set(await layerDirs(rootDir, name, kind));
  const out: Array<{ layer: string; version: string; modules: string[] }> = [];
  for (const other of listLayers(rootDir).bases.filter((b) => b !== name)) {
    const newest = resolveRelease(loadReleases(rootDir, other).releases, { channel: 'beta' });
    if (!newest) continue;
    const source = snapshotDir(other, newest.version);
    const stale = (await layerDirs(rootDir, other, 'base', source)).filter((m) => m !== other && mine.has(m) && moduleDigest(rootDir, path.join(source, m)) !== moduleDigest(rootDir, path.join(TEMPLATES_DIR, m)));
    if (stale.length) out.push({ layer: other, version: newest.version, modules: stale });
  }
  return out;
}

/** sha256 over the sorted paths and contents. */
export function digestFiles(files: ReadonlyMap<string, Buffer | string>): string {
  const hash = crypto.createHash('sha256');
  for (const rel of [...files.keys()].sort()) {
    hash.update(`${rel}\0`);
    hash.update(files.get(rel)!);
    hash.update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

/** The digest of a snapshot directory as it is on disk now. */
export function snapshotDigest(rootDir: string, name: string, version: string): string {
  const dir = snapshotDir(name, version);
  return digestFiles(new Map(filesUnder(rootDir, dir).map((f) => [f, fs.readFileSync(path.join(rootDir, dir, f))])));
}

/** What is wrong with one release's snapshot, naming the fix, or undefined when it is intact. */
export function snapshotProblem(rootDir: string, name: string, release: Release, releases: readonly Release[]): string | undefined {
  const dir = snapshotDir(name, release.version);
  if (!fs.existsSync(path.join(rootDir, dir))) {
    return `missing, but templates/${name}/releases.yaml lists ${release.version}; restore it from git (git checkout -- ${dir}): a release's files cannot be made again`;
  }
  const digest = snapshotDigest(rootDir, name, release.version);
  if (digest === release.digest) return undefined;
  const newestStable = semver.rsort(releases.filter((r) => r.channel === 'stable').map((r) => r.version))[0] ?? release.version;
  return `its files changed after the release (digest ${digest}, released as ${release.digest}); a release is immutable: restore it (git checkout -- ${dir}), make the change in templates/${name}/ and release it as a new version, for example npm run compose -- release ${name} ${semver.inc(newestStable, 'patch')} --change fix:"…" (security fixes are patch releases too)`;
}

/** Every snapshot against its layer's history: intact, listed, and nothing unlisted under templates/releases. */
export function releaseDrift(rootDir: string): Array<{ file: string; message: string }> {
  const problems: Array<{ file: string; message: string }> = [];
  const { toolchains, bases } = listLayers(rootDir);
  const layers = [...toolchains, ...bases];
  for (const name of layers) {
    const { releases } = loadReleases(rootDir, name);
    for (const release of releases) {
      const message = snapshotProblem(rootDir, name, release, releases);
      if (message) problems.push({ file: snapshotDir(name, release.version), message });
    }
    const dir = path.join(rootDir, RELEASES_DIR, name);
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      if (!releases.some((r) => r.version === entry)) problems.push({ file: snapshotDir(name, entry), message: `not a release in templates/${name}/releases.yaml; publish releases with npm run compose -- release, or remove the directory` });
    }
  }
  for (const entry of fs.existsSync(path.join(rootDir, RELEASES_DIR)) ? fs.readdirSync(path.join(rootDir, RELEASES_DIR)) : []) {
    if (!layers.includes(entry)) problems.push({ file: path.join(RELEASES_DIR, entry), message: `no toolchain or base templates/${entry} has releases here; remove the directory` });
  }
  return problems;
}

export interface ResolvedLayer {
  name: string;
  kind: LayerKind;
  /** The release's version; for dev, the newest release's with `+dev.<digest>` appended. */
  version: string;
  channel: Channel | 'dev';
  /** Directory (relative to the repository) holding the layer's directories: a snapshot, or templates/ for dev. */
  source: string;
  digest: string;
  releases: Release[];
  /** Versions whose artifact lock entries may stand for this one, in order (dev: `dev`, then the releases, newest first). */
  artifactVersions: string[];
}

const list = (releases: readonly Release[]) => releases.map((r) => `${r.version} [${r.channel}${r.withdrawn ? ', withdrawn' : ''}]`).join(', ') || 'none yet';

export function splitRef(ref: string): { name: string; spec: string | undefined } {
  const at = ref.indexOf('@');
  return at < 0 ? { name: ref, spec: undefined } : { name: ref.slice(0, at), spec: ref.slice(at + 1) };
}

/** The layer a reference names (`name`, `name@stable`, `name@beta`, `name@1.2.0` or `name@dev`), checked against its snapshot. */
export async function resolveLayer(rootDir: string, ref: string, expected: LayerKind): Promise<ResolvedLayer> {
  const { name, spec: specText } = splitRef(ref);
  const kind = layerKind(rootDir, name);
  if (kind !== expected) throw new UsageError(`${name}: a ${kind}, given where a ${expected} goes (npm run compose -- <toolchain> <base>)`);
  const { releases } = loadReleases(rootDir, name);
  let spec;
  try {
    spec = parseSpec(specText);
  } catch (error) {
    throw new UsageError(`${ref}: ${(error as Error).message}; ${name}'s releases: ${list(releases)}`);
  }
  const newestFirst = [...releases].sort((a, b) => semver.rcompare(a.version, b.version)).map((r) => r.version);
  if ('dev' in spec) {
    const digest = digestFiles(await layerFiles(rootDir, name, kind));
    const base = newestFirst[0] ?? '0.0.0';
    return { name, kind, version: `${base}+dev.${digest.slice(7, 19)}`, channel: 'dev', source: TEMPLATES_DIR, digest, releases, artifactVersions: ['dev', ...newestFirst] };
  }
  const release = resolveRelease(releases, spec);
  if (!release) {
    if ('pinned' in spec) throw new UsageError(`${ref}: ${name} has no release ${spec.pinned}; its releases: ${list(releases)}`);
    throw new LayerError([`${ref}: ${name} has no ${spec.channel} release yet (releases: ${list(releases)}); publish one with npm run compose -- release ${name} <version>, or compose the working directory as ${name}@dev`]);
  }
  if (release.withdrawn) {
    const instead = resolveRelease(releases, { channel: release.channel });
    throw new LayerError([`${ref}: ${name} ${release.version} is withdrawn: ${release.withdrawn}; pin another release${instead ? ` (the newest ${release.channel} one is ${instead.version})` : ''}`]);
  }
  const problem = snapshotProblem(rootDir, name, release, releases);
  if (problem) throw new LayerError([`${snapshotDir(name, release.version)}: ${problem}`]);
  return { name, kind, version: release.version, channel: release.channel, source: snapshotDir(name, release.version), digest: release.digest, releases, artifactVersions: [release.version] };
}
