/**
 * Bad input to the CLIs: a clear line naming what is wrong, the right exit
 * code, no stack trace, and nothing outside the command's own output changed.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { repoRoot } from '../helpers/repo.js';
import { copyTemplates, PROJECT_HISTORY } from '../helpers/templates.js';
import { skipLoudly } from '../helpers/tools.js';

if (PROJECT_HISTORY) skipLoudly('the compose CLI tests that compose the project\'s releases', PROJECT_HISTORY);

const TSX = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-cli-errors-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(TSX, [path.join('scripts', script), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, stderr: r.stderr };
}

/** A digest of every file under a folder: to show a refused command changed nothing. */
function digest(dir: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else hash.update(p).update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

const noStack = (out: string) => expect(out).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('compose all keeps the committed templates the production profile\'s', () => {
  it('refuses --profile evaluation and GUIDE_PROFILE=evaluation, and leaves templates/composed untouched', () => {
    const composed = path.join(repoRoot, 'templates', 'composed');
    const before = digest(composed);
    for (const [args, env] of [[['all', '--profile', 'evaluation'], {}], [['all'], { GUIDE_PROFILE: 'evaluation' }]] as const) {
      const r = cli('compose.ts', [...args], env);
      expect(r.status, r.out).toBe(2);
      expect(r.out).toContain('compose all writes the committed templates/composed/');
      expect(r.out).toContain('--out <dir>');
      noStack(r.out);
    }
    expect(digest(composed)).toBe(before);
  });

  it.skipIf(PROJECT_HISTORY !== undefined)("with --out composes any profile's templates there (the templates step), and refuses a folder it did not write", () => {
    const composed = path.join(repoRoot, 'templates', 'composed');
    const before = digest(composed);
    const out = path.join(tmp, 'eval-templates');
    const r = cli('compose.ts', ['all', '--profile', 'evaluation', '--out', out]);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('for coder-eval');
    const main = fs.readFileSync(path.join(out, 'ec2-swdev', 'main.tf'), 'utf8');
    expect(main).toContain('"coder-eval"');
    expect(main).not.toContain('coder-prod');
    // Again into the same folder: it is ours, so it is replaced.
    expect(cli('compose.ts', ['all', '--profile', 'evaluation', '--out', out]).status).toBe(0);
    const foreign = path.join(tmp, 'foreign');
    fs.mkdirSync(path.join(foreign, 'notes'), { recursive: true });
    const refused = cli('compose.ts', ['all', '--profile', 'evaluation', '--out', foreign]);
    expect(refused.status).toBe(2);
    expect(refused.out).toContain(`--out ${foreign}: holds notes, which compose did not write`);
    noStack(refused.out);
    expect(fs.readdirSync(foreign)).toEqual(['notes']);
    expect(digest(composed)).toBe(before);
  });
});

describe('check:policies', () => {
  it('names a missing or unreadable synth output in one line, exit 2', () => {
    const missing = cli('check-policies.ts', ['--dir', path.join(tmp, 'nowhere')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain(`no synthesized stacks in ${path.join(tmp, 'nowhere', 'stacks')}`);
    const truncated = path.join(tmp, 'truncated');
    fs.mkdirSync(path.join(truncated, 'stacks', 'edge'), { recursive: true });
    fs.writeFileSync(path.join(truncated, 'stacks', 'edge', 'cdk.tf.json'), '{"resource": {');
    const bad = cli('check-policies.ts', ['--dir', truncated]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('cannot read the stacks');
    noStack(bad.out);
  });
});

describe('compose --out a place it cannot write', () => {
  it('answers at once with one line naming the path (a recursive mkdir under /proc never returned)', () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, '');
    for (const [out, says] of [['/proc/no-such-dir/x', 'cannot create /proc/no-such-dir (ENOENT)'], [path.join(file, 'x'), `${file} is a file, not a directory`]] as const) {
      // The working directories (@dev): no release has to be read from history for this.
      const r = spawnSync(TSX, ['scripts/compose.ts', 'swdev-toolchain@dev', 'base-k8s@dev', '--out', out], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
      expect(r.signal, 'it returned').toBeNull();
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`--out ${out}: ${says}`);
      noStack(r.stderr);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });
});

describe('--out never deletes a folder the tool did not write', () => {
  it('synth and export:coder-docs refuse a non-empty folder of someone else\'s, naming it, and leave it as it was', () => {
    const theirs = path.join(tmp, 'theirs');
    fs.mkdirSync(path.join(theirs, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(theirs, 'page.mdx'), 'keep me');
    fs.writeFileSync(path.join(theirs, 'sub', 'x'), 'and me');
    const before = digest(theirs);
    const synth = cli('synth.ts', ['--out', theirs]);
    expect(synth.status, synth.out).toBe(2);
    expect(synth.stderr).toContain(`${theirs} is not empty and was not written by npm run synth; refusing to replace it`);
    const exported = cli('export-coder-docs.ts', [theirs]);
    expect(exported.status, exported.out).toBe(2);
    expect(exported.stderr).toContain(`${theirs} is not empty and was not written by npm run export:coder-docs`);
    for (const r of [synth, exported]) noStack(r.out);
    expect(digest(theirs)).toBe(before);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('synth replaces an empty folder and its own earlier output', () => {
    const out = path.join(tmp, 'synth-out');
    fs.mkdirSync(out);
    expect(cli('synth.ts', ['--out', out]).status).toBe(0);
    const again = cli('synth.ts', ['--out', out]);
    expect(again.status, again.out).toBe(0);
    expect(fs.existsSync(path.join(out, 'stacks', 'edge', 'cdk.tf.json'))).toBe(true);
  });
});

describe('config mistakes read as config mistakes', () => {
  it('an unknown profile is one config problem, no stack trace', () => {
    const r = cli('synth.ts', ['--profile', 'bogus', '--out', path.join(tmp, 'never')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('profile: "bogus" is not a profile: use one of production, evaluation');
    noStack(r.stderr);
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  });

  it('a wrong type says what was expected and what was given', async () => {
    const { resolveDeployment } = await import('../../iac/deployment.js');
    const { production } = await import('../../iac/config/profiles/production.js');
    let message = '';
    try {
      resolveDeployment({ ...production, capacity: { ...production.capacity, peakWorkspaces: '3000' as never } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('capacity.peakWorkspaces: expected a number, got a string ("3000")');
  });
});

describe('config values AWS would refuse are refused first', () => {
  const problems = async (change: (c: Record<string, any>) => Record<string, any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const { resolveDeployment } = await import('../../iac/deployment.js');
    const { production } = await import('../../iac/config/profiles/production.js');
    try {
      resolveDeployment(change(structuredClone(production)));
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('a region that does not exist, an engine version of no Aurora major, a home larger than gp3 allows, a tag value AWS refuses', async () => {
    expect(await problems((c) => ({ ...c, region: 'us-moon-1', availabilityZones: ['us-moon-1a', 'us-moon-1b'] }))).toMatch(/region: is not an AWS region the guide knows \(as of \d{4}-\d{2}-\d{2}; iac\/config\/aws-facts\.ts/);
    expect(await problems((c) => ({ ...c, database: { ...c.database, engineVersion: '99.9' } }))).toMatch(/database\.engineVersion: must be of a major version Aurora PostgreSQL offers/);
    expect(await problems((c) => ({ ...c, capacity: { ...c.capacity, workspace: { ...c.capacity.workspace, storageGiB: 1_000_000 } } }))).toMatch(/capacity\.workspace\.storageGiB: at most 16384 GiB/);
    expect(await problems((c) => ({ ...c, tags: { team: 'a;b' } }))).toMatch(/tags\.team: tag values are at most 256 letters/);
    expect(await problems((c) => ({ ...c, tags: { team: 'Plattform Ünit 7 / core' } }))).toBe('');
    expect(await problems((c) => ({ ...c, region: 'eu-central-2', availabilityZones: ['eu-central-2a', 'eu-central-2b'] }))).not.toMatch(/region:/);
  });
});

describe('a one-off composition', () => {
  it.skipIf(PROJECT_HISTORY !== undefined)('goes to the git-ignored .compose/ scratch folder and says so; compose all names what it removes', () => {
    // A repository of templates/ (compose reads releases from history), with the composed templates.
    const root = copyTemplates();
    onTestFinished(() => fs.rmSync(root, { recursive: true, force: true }));
    fs.cpSync(path.join(repoRoot, 'templates', 'composed'), path.join(root, 'templates', 'composed'), { recursive: true });
    const tsx = (...args: string[]) => spawnSync(TSX, [path.join(repoRoot, 'scripts', 'compose.ts'), ...args, '--root', root], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    const composedBefore = fs.readdirSync(path.join(root, 'templates', 'composed')).sort();
    const one = tsx('swdev-toolchain', 'base-k8s');
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout).toContain('a one-off, written to .compose/swdev-on-k8s/ (git-ignored)');
    expect(fs.existsSync(path.join(root, '.compose', 'swdev-on-k8s', 'provenance.json'))).toBe(true);
    expect(fs.readdirSync(path.join(root, 'templates', 'composed')).sort()).toEqual(composedBefore);
    expect(fs.readFileSync(path.join(repoRoot, '.gitignore'), 'utf8')).toMatch(/^\.compose\/$/m);
    // A folder no composition makes is removed by compose all, and named.
    fs.mkdirSync(path.join(root, 'templates', 'composed', 'old-thing'));
    const all = tsx('all');
    expect(all.status, all.stderr).toBe(0);
    expect(all.stdout).toContain('compose: removed templates/composed/old-thing (not in templates/compositions.yaml)');
  });
});

describe('small slips refused', () => {
  it('a VPC larger than /16 (AWS accepts /16 to /28), and an empty version after @ in compose', async () => {
    const { resolveDeployment } = await import('../../iac/deployment.js');
    const { production } = await import('../../iac/config/profiles/production.js');
    let message = '';
    try {
      resolveDeployment({ ...production, network: { ...production.network, vpcCidr: '10.0.0.0/12' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('network.vpcCidr: must be a /16 to /28');
    const r = cli('compose.ts', ['swdev-toolchain@', 'base-k8s', '--out', path.join(tmp, 'never-composed')]);
    expect(r.status, r.out).toBe(2);
    expect(r.out).toContain('the version after @ is empty');
    expect(fs.existsSync(path.join(tmp, 'never-composed'))).toBe(false);
  });
});

describe('runs at once', () => {
  it('three npm run synth into one --out at the same time all succeed, leaving one whole output and nothing beside it', async () => {
    const parent = path.join(tmp, 'concurrent');
    fs.mkdirSync(parent);
    const out = path.join(parent, 'out');
    const { spawn } = await import('node:child_process');
    const run = () =>
      new Promise<{ status: number | null; out: string }>((resolve) => {
        const child = spawn(TSX, [path.join('scripts', 'synth.ts'), '--out', out], { cwd: repoRoot, env: process.env });
        let text = '';
        child.stdout.on('data', (d) => (text += d));
        child.stderr.on('data', (d) => (text += d));
        child.on('close', (status) => resolve({ status, out: text }));
      });
    const results = await Promise.all([run(), run(), run()]);
    for (const r of results) expect(r.status, r.out).toBe(0);
    expect(fs.readdirSync(parent)).toEqual(['out']);
    expect(fs.readdirSync(path.join(out, 'stacks')).sort()).toContain('platform');
    expect(fs.existsSync(path.join(out, 'deployment', 'guide.env'))).toBe(true);
  }, 180_000);
});

describe('swapInto, the rename synth replaces its output with', () => {
  it('moves aside an output another run put in place between its two renames, and keeps the newest whole', async () => {
    const { swapInto } = await import('../../scripts/lib/replace-dir.js');
    const { vi } = await import('vitest');
    const parent = path.join(tmp, 'swap');
    const target = path.join(parent, 'out');
    const staging = path.join(parent, 'out.tmp-mine');
    fs.mkdirSync(path.join(target, 'stacks'), { recursive: true });
    fs.writeFileSync(path.join(target, 'stacks', 'old'), 'old');
    fs.mkdirSync(path.join(staging, 'stacks'), { recursive: true });
    fs.writeFileSync(path.join(staging, 'stacks', 'mine'), 'mine');
    // The other run: right after ours moved the old output aside, it renames its own into place.
    const real = fs.renameSync.bind(fs);
    let raced = false;
    const spy = vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (!raced && from === staging) {
        raced = true;
        fs.mkdirSync(path.join(target, 'stacks'), { recursive: true });
        fs.writeFileSync(path.join(target, 'stacks', 'theirs'), 'theirs');
      }
      return real(from, to);
    });
    try {
      swapInto(staging, target);
    } finally {
      spy.mockRestore();
    }
    expect(raced).toBe(true);
    expect(fs.readdirSync(path.join(target, 'stacks'))).toEqual(['mine']);
    expect(fs.readdirSync(parent)).toEqual(['out']);
  });
});
