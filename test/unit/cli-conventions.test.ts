/**
 * Every CLI of the guide answers the same way: --help prints its usage, its
 * options and an example (exit 0); an unknown option or an empty value is one
 * line and the usage (exit 2), with no stack trace; nothing in the repository
 * changes when a call is refused.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo.js';

const TSX = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

/** Each npm script that runs a CLI of ours, with a string option to give an empty value to (where it has one). */
const CLIS: Array<{ script: string; file: string; stringOption?: string }> = [
  { script: 'synth', file: 'synth.ts', stringOption: '--out' },
  { script: 'generate', file: 'generate.ts' },
  { script: 'diagrams', file: 'render-diagrams.ts' },
  { script: 'check:drift', file: 'check-drift.ts', stringOption: '--format' },
  { script: 'check:policies', file: 'check-policies.ts', stringOption: '--dir' },
  { script: 'fetch:charts', file: 'fetch-charts.ts', stringOption: '--repo' },
  { script: 'stacks:order', file: 'stack-order.ts', stringOption: '--dir' },
  { script: 'compose', file: 'compose.ts', stringOption: '--out' },
  { script: 'guide', file: 'guide.ts', stringOption: '--only' },
  { script: 'scaletest:report', file: 'scaletest-report.ts' },
  { script: 'api:latency', file: 'api-latency.ts', stringOption: '--url' },
  { script: 'preflight:quotas', file: 'preflight-quotas.ts', stringOption: '--profile' },
  { script: 'export:coder-docs', file: 'export-coder-docs.ts' },
  { script: 'bench', file: 'bench.ts' },
];

function run(file: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [path.join('scripts', file), ...args], { cwd: repoRoot, env: { ...process.env, CODER_URL: '', CODER_SESSION_TOKEN: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const gitState = () => execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: repoRoot, encoding: 'utf8' });

describe('a source file the loader cannot read', () => {
  it('is one line naming the file, the line and what is wrong, through the npm script\'s preload', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { scripts: Record<string, string> };
    // synth runs from a bundle compiled once (scripts/lib/run-compiled.mjs); the other scripts under tsx with the preload.
    expect(pkg.scripts.synth).toBe('node --enable-source-maps scripts/lib/run-compiled.mjs scripts/synth.ts');
    expect(pkg.scripts.generate).toBe('tsx --import ./scripts/lib/source-errors.mjs scripts/generate.ts');
    // A copy of the repository with a truncated profile: the real loader, the real preload.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-truncated-'));
    try {
      for (const dir of ['iac', 'scripts', 'templates', 'snippets', 'generated']) fs.cpSync(path.join(repoRoot, dir), path.join(copy, dir), { recursive: true });
      for (const file of ['package.json', 'tsconfig.json']) fs.copyFileSync(path.join(repoRoot, file), path.join(copy, file));
      fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
      const profile = path.join(copy, 'iac', 'config', 'profiles', 'evaluation.ts');
      fs.writeFileSync(profile, fs.readFileSync(profile, 'utf8').slice(0, 600));
      const viaTsx = spawnSync(TSX, ['--import', './scripts/lib/source-errors.mjs', 'scripts/synth.ts'], { cwd: copy, encoding: 'utf8' });
      const viaBundle = spawnSync(process.execPath, ['--enable-source-maps', 'scripts/lib/run-compiled.mjs', 'scripts/synth.ts'], { cwd: copy, encoding: 'utf8' });
      for (const r of [viaTsx, viaBundle]) {
        expect(r.status, r.stderr).toBe(1);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(new RegExp(`${profile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: cannot be read: `));
      }
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('one convention for every CLI', () => {
  it('every npm script of ours is in the list', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { scripts: Record<string, string> };
    const ours = Object.entries(pkg.scripts).filter(([, cmd]) => /^(tsx (--import \S+ )?|node --enable-source-maps scripts\/lib\/run-compiled\.mjs )scripts\//.test(cmd) && !/scripts\/build\.ts/.test(cmd)).map(([name]) => name);
    expect(ours.sort()).toEqual(CLIS.map((c) => c.script).sort());
  });

  it.each(CLIS)('$script: --help, an unknown option and an empty value', async ({ script, file, stringOption }) => {
    const before = gitState();
    const help = await run(file, ['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^usage: npm run ${script}\\b`));
    expect(help.stdout).toContain('--help');
    expect(help.stdout).toMatch(/\nExample: .*npm run /);

    const unknown = await run(file, ['--no-such-option']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toMatch(/Unknown option '--no-such-option'/);
    expect(unknown.stderr).toContain('usage: npm run ');
    expect(unknown.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

    if (stringOption) {
      const empty = await run(file, [stringOption, '']);
      expect(empty.status, empty.stderr).toBe(2);
      expect(empty.stderr.split('\n')[0]).toContain(`${stringOption} needs a value`);
      expect(empty.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
    expect(gitState()).toBe(before);
  });
});

describe('a path a CLI may not touch', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-cli-paths-'));
  const theirs = path.join(tmp, 'theirs');
  const missing = path.join(tmp, 'missing');
  fs.mkdirSync(theirs);
  fs.writeFileSync(path.join(theirs, 'keep.txt'), 'keep');
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** Each CLI that takes a path, given one it must refuse: exit 2, the path named on the first line. */
  const CASES: Array<{ file: string; args: string[]; names: string }> = [
    { file: 'synth.ts', args: ['--out', theirs], names: theirs },
    { file: 'export-coder-docs.ts', args: [theirs], names: theirs },
    { file: 'compose.ts', args: ['swdev-toolchain@dev', 'base-k8s@dev', '--out', theirs], names: theirs },
    { file: 'check-policies.ts', args: ['--dir', missing], names: missing },
    { file: 'stack-order.ts', args: ['--dir', missing], names: missing },
    { file: 'check-drift.ts', args: ['--root', missing], names: missing },
    { file: 'guide.ts', args: ['plan', '--root', missing], names: missing },
    { file: 'scaletest-report.ts', args: [path.join(missing, 'results.json')], names: missing },
    { file: 'api-latency.ts', args: ['--url', 'http://127.0.0.1:9', '--output', `json:${path.join(missing, 'api.json')}`], names: missing },
  ];

  it.each(CASES)('$file $args.0 …: refused with one line naming the path, nothing changed', async ({ file, args, names }) => {
    const before = gitState();
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(TSX, [path.join('scripts', file), ...args], { cwd: repoRoot, env: { ...process.env, CODER_SESSION_TOKEN: 'x' } });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('close', (status) => resolve({ status, stderr }));
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain(names);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(fs.readdirSync(theirs)).toEqual(['keep.txt']);
    expect(fs.existsSync(missing)).toBe(false);
    expect(gitState()).toBe(before);
  });
});
