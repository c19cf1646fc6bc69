/**
 * Layers and their releases (Property 17). A release is a reference to
 * history: its entry in the layer's releases.yaml records the commit that
 * holds its files and their digest. Compose reads stable, beta and pinned
 * versions from that commit (git-history.ts), checks the digest, and puts
 * the files in `.releases/<layer>/<version>-<commit>/` (git-ignored), where
 * the loaders, the composer and an image build read them; a copy there that
 * no longer matches its digest is read from history again. The working
 * directory (templates/<layer>/) composes only when asked for as
 * `<layer>@dev`, and is labelled as such: a change there reaches a
 * composition only by a release.
 *
 * A release holds `<dir>/<file>` for the layer's own directory (without
 * releases.yaml) and, for a base, every local module it calls, transitively:
 * base-ec2-gpu's release carries the base-ec2-linux and shared-ec2-workspace
 * it was released with, as its commit holds them.
 */
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { parse as parseHcl } from '@cdktn/hcl2json';
import { swapInto } from './atomic.js';
import { digestFiles, dirDigest } from './digest.js';
import { LayerError, UsageError } from './errors.js';
import { filesAt, missingCommits } from './git-history.js';
import { filesUnder, listLayers, loadReleases, localModuleSources, TEMPLATES_DIR } from './layers.js';
import { writeTree } from './tree.js';
import { parseSpec, resolveRelease, type Channel, type Release } from './versions.js';

export { digestFiles, dirDigest } from './digest.js';

/** Where releases read from history are put for the loaders (git-ignored; made again whenever it does not match). */
export const RELEASE_FILES_DIR = '.releases';
export type LayerKind = 'toolchain' | 'base';

/** The folder (relative to the repository) holding a release's files as its commit has them. */
export const releaseDir = (name: string, release: Pick<Release, 'version' | 'commit'>) => path.join(RELEASE_FILES_DIR, name, `${release.version}-${release.commit.slice(0, 12)}`);

/** Toolchains end in -toolchain, bases start with base-; anything else is not a layer. */
export function layerKind(rootDir: string, name: string): LayerKind {
  const layers = listLayers(rootDir);
  if (layers.toolchains.includes(name)) return 'toolchain';
  if (layers.bases.includes(name)) return 'base';
  throw new UsageError(`${name}: not a toolchain or base under templates/ (toolchains: ${layers.toolchains.join(', ')}; bases: ${layers.bases.join(', ')})`);
}

/** Reads one module directory's files (`<dir>/<file>` → content, releases.yaml left out) from somewhere, named for messages. */
interface ModuleReader {
  read(dir: string): Map<string, Buffer>;
  where: string;
}

/** A folder on disk: templates/ (the working directory) or a release's files under .releases/. */
function folderReader(rootDir: string, source: string): ModuleReader {
  return {
    where: `under ${source}/`,
    read(dir) {
      const files = new Map<string, Buffer>();
      if (!fs.existsSync(path.join(rootDir, source, dir))) return files;
      for (const file of filesUnder(rootDir, path.join(source, dir))) if (file !== 'releases.yaml') files.set(`${dir}/${file}`, fs.readFileSync(path.join(rootDir, source, dir, file)));
      return files;
    },
  };
}

/** A commit, read through git (git-history.ts). */
function commitReader(rootDir: string, commit: string): ModuleReader {
  return { where: `at commit ${commit.slice(0, 12)}`, read: (dir) => filesAt(rootDir, commit, [dir]) };
}

/**
 * What a release of the layer holds, as `<dir>/<file>` → content: the layer's directory and, for a
 * base, the local modules its HCL calls (transitively), as the reader has them. One walk for the
 * working directory, a release's folder and a commit.
 */
async function gatherLayer(name: string, kind: LayerKind, reader: ModuleReader): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const seen = new Set<string>();
  const queue = [name];
  while (queue.length) {
    const dir = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const own = reader.read(dir);
    if (own.size === 0) throw new LayerError([dir === name ? `${name}: no templates/${name}/ ${reader.where}` : `${name}: calls the local module ../${dir}, which does not exist ${reader.where}`]);
    for (const [k, v] of own) files.set(k, v);
    if (kind === 'base') {
      const hcl = [];
      for (const [k, v] of own) {
        if (!/^[^/]+\/[^/]+\.tf$/.test(k)) continue;
        const file = `templates/${k} (${reader.where})`;
        try {
          hcl.push({ file, body: (await parseHcl(k, v.toString('utf8'))) as Record<string, unknown> });
        } catch (error) {
          throw new LayerError([`${file}: not valid HCL: ${(error as Error).message}`]);
        }
      }
      queue.push(...localModuleSources(hcl));
    }
  }
  return files;
}

/** What a release of the layer holds, as `<dir>/<file>` → content, from a folder (`source`: templates/ or a release's). */
export function layerFiles(rootDir: string, name: string, kind: LayerKind, source: string = TEMPLATES_DIR): Promise<Map<string, Buffer>> {
  return gatherLayer(name, kind, folderReader(rootDir, source));
}

/** The directories a layer's release holds: the layer, and for a base the local modules it calls (transitively), sorted. */
export async function layerDirs(rootDir: string, name: string, kind: LayerKind, source: string = TEMPLATES_DIR): Promise<string[]> {
  return [...new Set([...(await layerFiles(rootDir, name, kind, source)).keys()].map((k) => k.split('/')[0]!))].sort();
}

/** The files a release holds, read from its commit (the local modules as its HCL at that commit calls them). */
export function releaseFilesAt(rootDir: string, name: string, kind: LayerKind, commit: string): Promise<Map<string, Buffer>> {
  return gatherLayer(name, kind, commitReader(rootDir, commit));
}

/**
 * Other bases that bundle a module this layer's release holds (the layer itself, or a local module
 * it calls) in a version different from the working directory's: they carry the old files until they
 * are released too. Their newest release (withdrawn ones aside) is what they bundle now.
 */
export type BundledElsewhere = { layer: string; version: string } & ({ modules: string[] } | { unreadable: string });

export async function bundledElsewhere(rootDir: string, name: string): Promise<BundledElsewhere[]> {
  const kind = layerKind(rootDir, name);
  const mine = new Set(await layerDirs(rootDir, name, kind));
  const out: BundledElsewhere[] = [];
  for (const other of listLayers(rootDir).bases.filter((b) => b !== name)) {
    const newest = resolveRelease(loadReleases(rootDir, other).releases, { channel: 'beta' });
    if (!newest) continue;
    let source: string;
    try {
      source = await releaseSource(rootDir, other, 'base', newest);
    } catch (error) {
      // That base's release cannot be read here (a shallow clone): say so, check the others.
      if (!(error instanceof LayerError)) throw error;
      out.push({ layer: other, version: newest.version, unreadable: error.problems.join('; ') });
      continue;
    }
    const stale = (await layerDirs(rootDir, other, 'base', source)).filter((m) => m !== other && mine.has(m) && dirDigest(rootDir, path.join(source, m)) !== dirDigest(rootDir, path.join(TEMPLATES_DIR, m)));
    if (stale.length) out.push({ layer: other, version: newest.version, modules: stale });
  }
  return out;
}

const immutable = (name: string, releases: readonly Release[]) => {
  const newestStable = semver.rsort(releases.filter((r) => r.channel === 'stable').map((r) => r.version))[0];
  return `a release is immutable: restore templates/${name}/releases.yaml (git checkout -- templates/${name}/releases.yaml) and publish a change as a new version${newestStable ? `, for example npm run compose -- release ${name} ${semver.inc(newestStable, 'patch')} --change fix:"…"` : ''}`;
};

/**
 * The folder holding a release's files, read from its commit and checked against its digest (a
 * copy already there is used when it still matches). Refused, naming the fix: a commit the clone
 * lacks (shallow: git fetch --unshallow), and files that do not produce the recorded digest.
 */
export async function releaseSource(rootDir: string, name: string, kind: LayerKind, release: Release, releases: readonly Release[] = [release]): Promise<string> {
  const dir = releaseDir(name, release);
  const abs = path.join(rootDir, dir);
  if (fs.existsSync(abs) && dirDigest(rootDir, dir) === release.digest) return dir;
  const missing = missingCommits(rootDir, [release.commit]).get(release.commit);
  if (missing) throw new LayerError([`${name} ${release.version}: ${missing}`]);
  const files = await releaseFilesAt(rootDir, name, kind, release.commit);
  const digest = digestFiles(files);
  if (digest !== release.digest) {
    throw new LayerError([`templates/${name}/releases.yaml: ${release.version}: the files commit ${release.commit.slice(0, 12)} holds give ${digest}, but the release recorded ${release.digest}: its commit or digest was edited; ${immutable(name, releases)}`]);
  }
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const staging = fs.mkdtempSync(`${abs}.tmp-`);
  try {
    writeTree(staging, files);
    swapInto(staging, abs);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return dir;
}

/** Why this clone cannot read every release from history (a shallow clone, a download), or undefined when it can. */
export function releaseHistoryProblem(rootDir: string): string | undefined {
  const { toolchains, bases } = listLayers(rootDir);
  const missing = missingCommits(rootDir, [...toolchains, ...bases].flatMap((l) => loadReleases(rootDir, l).releases.map((r) => r.commit)));
  return missing.size ? `${missing.size} commit(s) the releases record are missing; ${[...missing.values()][0]}` : undefined;
}

/** Every release of every layer (or of `only`) against history: its commit is in the clone and holds exactly the recorded files. */
export async function releaseDrift(rootDir: string, only?: readonly string[]): Promise<Array<{ file: string; message: string }>> {
  const problems: Array<{ file: string; message: string }> = [];
  const { toolchains, bases } = listLayers(rootDir);
  const all = [...toolchains.map((name) => ({ name, kind: 'toolchain' as const })), ...bases.map((name) => ({ name, kind: 'base' as const }))].filter((l) => !only || only.includes(l.name)).map((l) => ({ ...l, releases: loadReleases(rootDir, l.name).releases }));
  const missing = missingCommits(rootDir, all.flatMap((l) => l.releases.map((r) => r.commit)));
  // No history at all (a download, not a clone): one line says so, not one per release.
  const reasons = new Set(missing.values());
  if (missing.size && reasons.size === 1 && /is not a git clone/.test([...reasons][0]!)) return [{ file: TEMPLATES_DIR, message: [...reasons][0]! }];
  for (const { name, kind, releases } of all) {
    const file = path.join(TEMPLATES_DIR, name, 'releases.yaml');
    for (const release of releases) {
      const why = missing.get(release.commit);
      if (why) {
        problems.push({ file, message: `${release.version}: ${why}` });
        continue;
      }
      try {
        await releaseSource(rootDir, name, kind, release, releases);
      } catch (error) {
        if (!(error instanceof LayerError)) throw error;
        problems.push({ file, message: error.problems.map((p) => p.replace(`${file}: `, '')).join('; ') });
      }
    }
  }
  return problems;
}

export interface ResolvedLayer {
  name: string;
  kind: LayerKind;
  /** The release's version; for dev, the newest release's with `+dev.<digest>` appended. */
  version: string;
  channel: Channel | 'dev';
  /** Directory (relative to the repository) holding the layer's directories: the release's files read from its commit, or templates/ for dev. */
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

/** The layer a reference names (`name`, `name@stable`, `name@beta`, `name@1.2.0` or `name@dev`), a release read from its commit and checked against its digest. */
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
  const source = await releaseSource(rootDir, name, kind, release, releases);
  return { name, kind, version: release.version, channel: release.channel, source, digest: release.digest, releases, artifactVersions: [release.version] };
}
