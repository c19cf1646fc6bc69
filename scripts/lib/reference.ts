/**
 * Upstream reference data: the Coder charts the guide installs and their
 * default values, which the tests render the generated values against. One
 * resolver for every test and script that needs them, in this order:
 *
 * 1. GUIDE_SHARED_DIR, else ../shared beside the clone (reference/helm/):
 *    a copy laid out for offline machines;
 * 2. a cache under node_modules/.cache/guide-reference/ (GUIDE_REFERENCE_CACHE
 *    moves it, for CI caches that `npm ci` must not wipe), filled by
 *    `npm run fetch:charts` from the charts' own repositories at the versions
 *    pinned in iac/helm/charts.ts (`helm pull`, then `helm show values`), each
 *    archive checked against its digest in iac/helm/chart-digests.json;
 * 3. neither: the callers skip, saying which command fetches them.
 *
 * Both layouts are the same: <dir>/{coder,coder-provisioner,coder-observability}-values.default.yaml
 * and <dir>/charts/{coder,provisioner,coder-observability}/ with
 * <dir>/charts/coder-observability.compiled.yaml (the chart rendered with its defaults).
 */
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHARTS } from '../../iac/helm/charts.js';
import { paths } from './paths.js';
import { runHelmAsync } from './helm-binary.js';

export const FETCH_COMMAND = 'npm run fetch:charts';

/** The charts the reference data holds, by the folder they live in. */
export const REFERENCE_CHARTS = [
  { key: 'coder', folder: 'coder', defaults: 'coder-values.default.yaml' },
  { key: 'provisioner', folder: 'provisioner', defaults: 'coder-provisioner-values.default.yaml' },
  { key: 'observability', folder: 'coder-observability', defaults: 'coder-observability-values.default.yaml' },
] as const;

export type ChartKey = (typeof REFERENCE_CHARTS)[number]['key'];

export interface ReferenceData {
  source: 'shared' | 'cache';
  /** The folder with the default values files and charts/. */
  helmDir: string;
}

export const DIGESTS_FILE = path.join('iac', 'helm', 'chart-digests.json');

/** Pinned digests: chart key → { version, sha256 } (sha256 null until first recorded with --update-lock). */
export type DigestLock = Record<ChartKey, { version: string; sha256: string | null }>;

export function readDigests(file: string = path.join(paths.root, DIGESTS_FILE)): DigestLock {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as DigestLock;
}

/** The shared copy, where it exists. */
export function sharedReference(root: string = paths.root): ReferenceData | undefined {
  const dir = path.join(process.env.GUIDE_SHARED_DIR ?? path.resolve(root, '..', 'shared'), 'reference', 'helm');
  return fs.existsSync(dir) ? { source: 'shared', helmDir: dir } : undefined;
}

/** The cache folder for the pinned versions and repositories (a change of pin is a new folder). */
export function cacheDir(root: string = paths.root, repoOverride?: string): string {
  const pins = REFERENCE_CHARTS.map(({ key }) => `${repoOverride ?? CHARTS[key].repo} ${CHARTS[key].name} ${CHARTS[key].version}`).join('\n');
  const hash = crypto.createHash('sha256').update(pins).digest('hex').slice(0, 16);
  return path.join(process.env.GUIDE_REFERENCE_CACHE ? path.resolve(root, process.env.GUIDE_REFERENCE_CACHE) : path.join(root, 'node_modules', '.cache', 'guide-reference'), hash);
}

const COMPLETE = 'complete.json';

/** A cache filled earlier, complete (the marker is written last). */
export function cachedReference(root: string = paths.root, repoOverride: string | undefined = process.env.GUIDE_CHART_REPO): ReferenceData | undefined {
  const dir = cacheDir(root, repoOverride);
  return fs.existsSync(path.join(dir, COMPLETE)) ? { source: 'cache', helmDir: path.join(dir, 'helm') } : undefined;
}

/** The reference data this clone has: shared copy first, then the cache. */
export function locateReference(root: string = paths.root): ReferenceData | undefined {
  return sharedReference(root) ?? cachedReference(root);
}

/** Why there is none, and what fetches it. */
export function missingReference(root: string = paths.root): string {
  const shared = path.join(process.env.GUIDE_SHARED_DIR ?? path.resolve(root, '..', 'shared'), 'reference', 'helm');
  return `no upstream chart data: not at ${shared} (GUIDE_SHARED_DIR) and not fetched into node_modules/.cache/guide-reference; run \`${FETCH_COMMAND}\` (needs the chart repositories over the network)`;
}

export class ReferenceError extends Error {}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

async function helmOrThrow(helm: string, args: string[], what: string): Promise<string> {
  const r = await runHelmAsync(helm, args);
  if (r.status !== 0) throw new ReferenceError(`${what} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
  return r.stdout;
}

export interface FetchOptions {
  helm: string;
  root?: string;
  /** One chart repository URL for all three charts instead of their own (tests, mirrors). */
  repoOverride?: string;
  /** The digest lock to check against (and to write with updateLock). */
  digestsFile?: string;
  /** Record the digests of what was downloaded where the lock has none or differs. */
  updateLock?: boolean;
  log?: (line: string) => void;
}

export interface FetchResult extends ReferenceData {
  /** Charts downloaded now (empty when the cache was complete). */
  downloaded: ChartKey[];
  /** Charts whose digest the lock did not pin yet. */
  unpinned: ChartKey[];
}

/**
 * Fills the cache from the chart repositories (or returns it when complete).
 * Refuses an archive whose digest differs from the lock, naming both; writes
 * the cache into a staging folder and renames it, so an interrupted fetch
 * leaves nothing half-written.
 */
export async function fetchReference(options: FetchOptions): Promise<FetchResult> {
  const root = options.root ?? paths.root;
  const digestsFile = options.digestsFile ?? path.join(root, DIGESTS_FILE);
  const log = options.log ?? (() => {});
  const lock = readDigests(digestsFile);
  for (const { key } of REFERENCE_CHARTS) {
    if (lock[key]?.version !== CHARTS[key].version) {
      throw new ReferenceError(`${digestsFile}: ${key} is pinned at ${lock[key]?.version ?? 'nothing'} but iac/helm/charts.ts installs ${CHARTS[key].version}; refresh the pins with \`${FETCH_COMMAND} -- --update-lock\``);
    }
  }
  const target = cacheDir(root, options.repoOverride);
  if (fs.existsSync(path.join(target, COMPLETE)) && !options.updateLock) {
    const marker = JSON.parse(fs.readFileSync(path.join(target, COMPLETE), 'utf8')) as { digests: Record<ChartKey, string> };
    // A cache made before a digest was pinned must still match the pin.
    for (const { key } of REFERENCE_CHARTS) {
      const pinned = lock[key].sha256;
      if (pinned && marker.digests[key] !== pinned) throw new ReferenceError(`cached ${key} ${CHARTS[key].version} has digest ${marker.digests[key]}, the lock pins ${pinned}: delete ${target} and fetch again`);
    }
    return { source: 'cache', helmDir: path.join(target, 'helm'), downloaded: [], unpinned: REFERENCE_CHARTS.filter(({ key }) => !lock[key].sha256).map(({ key }) => key) };
  }

  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-reference-'));
  try {
    const helmDir = path.join(staging, 'helm');
    const chartsDir = path.join(helmDir, 'charts');
    fs.mkdirSync(chartsDir, { recursive: true });
    const digests = {} as Record<ChartKey, string>;
    const unpinned: ChartKey[] = [];
    for (const { key, folder, defaults } of REFERENCE_CHARTS) {
      const chart = CHARTS[key];
      const repo = options.repoOverride ?? chart.repo;
      const archives = path.join(staging, 'archives', key);
      fs.mkdirSync(archives, { recursive: true });
      log(`fetch:charts: ${chart.name} ${chart.version} from ${repo}`);
      await helmOrThrow(options.helm, ['pull', chart.name, '--repo', repo, '--version', chart.version, '--destination', archives], `helm pull ${chart.name} ${chart.version} from ${repo}`);
      const archive = path.join(archives, `${chart.name}-${chart.version}.tgz`);
      if (!fs.existsSync(archive)) throw new ReferenceError(`helm pull ${chart.name} ${chart.version} wrote no ${path.basename(archive)}`);
      const digest = sha256(archive);
      digests[key] = digest;
      const pinned = lock[key].sha256;
      if (pinned && pinned !== digest && !options.updateLock) {
        throw new ReferenceError(`${chart.name}-${chart.version}.tgz from ${repo} has sha256 ${digest}, but ${path.relative(root, digestsFile) || digestsFile} pins ${pinned}: the archive changed upstream (or in transit). Nothing was cached. If the change is expected, review it and run \`${FETCH_COMMAND} -- --update-lock\`.`);
      }
      if (!pinned) unpinned.push(key);
      // Unpack into charts/<folder> (helm names the top folder after the chart).
      const unpack = path.join(staging, 'unpack', key);
      fs.mkdirSync(unpack, { recursive: true });
      const tar = spawnSync('tar', ['-xzf', archive, '-C', unpack], { encoding: 'utf8' });
      if (tar.status !== 0) throw new ReferenceError(`unpacking ${archive} failed: ${tar.stderr}`);
      fs.renameSync(path.join(unpack, chart.name), path.join(chartsDir, folder));
      fs.writeFileSync(path.join(helmDir, defaults), await helmOrThrow(options.helm, ['show', 'values', archive], `helm show values ${chart.name}`));
    }
    // The observability chart with its defaults, as upstream's compiled render has it.
    fs.writeFileSync(
      path.join(chartsDir, 'coder-observability.compiled.yaml'),
      await helmOrThrow(options.helm, ['template', CHARTS.observability.release, path.join(chartsDir, 'coder-observability'), '--namespace', 'coder-observability'], 'helm template coder-observability'),
    );
    fs.writeFileSync(path.join(staging, COMPLETE), `${JSON.stringify({ fetched: new Date().toISOString(), repoOverride: options.repoOverride ?? null, digests }, null, 2)}\n`);
    fs.rmSync(path.join(staging, 'archives'), { recursive: true, force: true });
    fs.rmSync(path.join(staging, 'unpack'), { recursive: true, force: true });

    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.rmSync(target, { recursive: true, force: true });
    try {
      fs.renameSync(staging, target);
    } catch {
      // Across file systems (tmp on another device): copy, then mark complete last.
      fs.cpSync(staging, target, { recursive: true, filter: (src) => path.basename(src) !== COMPLETE });
      fs.copyFileSync(path.join(staging, COMPLETE), path.join(target, COMPLETE));
    }
    if (options.updateLock) {
      const next = structuredClone(lock);
      for (const { key } of REFERENCE_CHARTS) next[key] = { version: CHARTS[key].version, sha256: digests[key] };
      fs.writeFileSync(digestsFile, `${JSON.stringify(next, null, 2)}\n`);
      log(`fetch:charts: recorded the digests in ${path.relative(root, digestsFile) || digestsFile}; commit it`);
    }
    return { source: 'cache', helmDir: path.join(target, 'helm'), downloaded: REFERENCE_CHARTS.map(({ key }) => key), unpinned: options.updateLock ? [] : unpinned };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
