/**
 * Releases as snapshots (Property 17 in practice): a beta release leaves
 * stable and the pinned compositions alone, the working directory composes
 * only as @dev, a released snapshot cannot change, and `npm run compose --
 * release` refuses what semver and immutability forbid, naming the fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo.js';
import semver from 'semver';
import { copyTemplates, edit, pinned, stableVersion } from '../helpers/templates.js';
import { compose } from '../../templates/compose/compose.js';
import { composedDrift, loadCompositions } from '../../templates/compose/all.js';
import { publishRelease } from '../../templates/compose/release.js';
import { loadReleases, LayerError } from '../../templates/compose/layers.js';
import { snapshotDigest } from '../../templates/compose/snapshots.js';
import { releaseProblems } from '../../templates/compose/versions.js';
import { loadDeployment } from '../../iac/deployment.js';

const deployment = loadDeployment('production');
// The newest stable swdev-toolchain and the versions after it, whatever they are when the test runs.
const S = stableVersion('swdev-toolchain');
const [PATCH, MINOR, MAJOR] = (['patch', 'minor', 'major'] as const).map((k) => semver.inc(S, k)!) as [string, string, string];
const BETA = `${MINOR}-beta.1`;
const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function copy(withComposed = false): string {
  const root = copyTemplates();
  roots.push(root);
  if (withComposed) fs.cpSync(path.join(repoRoot, 'templates', 'composed'), path.join(root, 'templates', 'composed'), { recursive: true });
  return root;
}
const goVersion = (files: Map<string, string>) => /name: go, version: "([^"]+)"/.exec(files.get('toolchain/toolchain.yaml')!)![1];
const go124 = (root: string) => edit(root, 'templates/swdev-toolchain/toolchain.yaml', (t) => t.replace('{ name: go, version: "1.23" }', '{ name: go, version: "1.24" }'));

function cli(root: string, ...args: string[]) {
  return spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [path.join(repoRoot, 'scripts', 'compose.ts'), ...args, '--root', root], { cwd: repoRoot, encoding: 'utf8' });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LayerError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('releases', { timeout: 120_000 }, () => {
  it('compositions.yaml accepts only exact releases: a bare name, @stable, @beta or @dev is refused, naming the composition', () => {
    for (const ref of ['swdev-toolchain', 'swdev-toolchain@stable', 'swdev-toolchain@beta', 'swdev-toolchain@dev', 'swdev-toolchain@1.2']) {
      const root = copy();
      edit(root, 'templates/compositions.yaml', (t) => t.replace(/toolchain: swdev-toolchain@[0-9.]+/, `toolchain: ${ref}`));
      let message = '';
      try {
        loadCompositions(root);
      } catch (error) {
        expect(error, ref).toBeInstanceOf(LayerError);
        message = (error as Error).message;
      }
      expect(message, ref).toContain(`templates/compositions.yaml: compositions.pod-swdev: ${ref} `);
    }
    expect(Object.keys(loadCompositions(repoRoot)).length).toBeGreaterThan(0);
  });

  it('shared local modules: provenance records each bundled module\'s digest, and releasing a layer names the other bases that bundle an older copy of it', async () => {
    const gpu = await compose(repoRoot, { name: 'x', ...pinned('ec2-datasci-gpu') }, deployment);
    const win = await compose(repoRoot, { name: 'y', ...pinned('ec2-windev-gui') }, deployment);
    const { moduleDigest } = await import('../../templates/compose/snapshots.js');
    expect(Object.keys(gpu.provenance.base.module_sha256).sort()).toEqual(['base-ec2-linux', 'shared-ec2-workspace']);
    expect(gpu.provenance.base.module_sha256['shared-ec2-workspace']).toBe(moduleDigest(repoRoot, `templates/releases/base-ec2-gpu/${gpu.provenance.base.version}/shared-ec2-workspace`));
    // The pinned releases bundle the same shared block.
    expect(win.provenance.base.module_sha256['shared-ec2-workspace']).toBe(gpu.provenance.base.module_sha256['shared-ec2-workspace']);

    const root = copy();
    const linux = stableVersion('base-ec2-linux');
    edit(root, 'templates/base-ec2-linux/user-data.sh.tftpl', (t) => `${t}# changed\n`);
    const one = cli(root, 'release', 'base-ec2-linux', semver.inc(linux, 'patch')!, '--change', 'fix:x');
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout).toContain(`base-ec2-gpu bundles base-ec2-linux (its ${stableVersion('base-ec2-gpu')} holds other files than this release): release base-ec2-gpu too`);
    expect(one.stdout).not.toContain('base-ec2-windows bundles');
    edit(root, 'templates/shared-ec2-workspace/main.tf', (t) => `${t}# changed\n`);
    const two = cli(root, 'release', 'base-ec2-linux', semver.inc(semver.inc(linux, 'patch')!, 'patch')!, '--change', 'fix:y');
    expect(two.status, two.stderr).toBe(0);
    expect(two.stdout).toContain('base-ec2-gpu bundles base-ec2-linux and shared-ec2-workspace');
    expect(two.stdout).toContain('base-ec2-windows bundles shared-ec2-workspace');
  });

  it('a revert is a release: files equal to an older release but not the newest are published as a new patch; files equal to the newest are refused', async () => {
    const root = copy();
    const script = path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh');
    const original = fs.readFileSync(script, 'utf8');
    fs.appendFileSync(script, '# a change that turns out wrong\n');
    await publishRelease(root, { layer: 'swdev-toolchain', version: PATCH, changes: [{ type: 'fix', summary: 'y' }], date: '2026-11-27' });
    fs.writeFileSync(script, original);
    const reverted = cli(root, 'release', 'swdev-toolchain', semver.inc(PATCH, 'patch')!, '--change', `fix:revert ${PATCH}`, '--date', '2026-11-28');
    expect(reverted.stderr).toBe('');
    expect(reverted.status).toBe(0);
    const { releases } = loadReleases(root, 'swdev-toolchain');
    expect(releases.at(-1)!.digest).toBe(releases.find((r) => r.version === S)!.digest);
    const again = await refusal(publishRelease(root, { layer: 'swdev-toolchain', version: semver.inc(PATCH, 'minor')!, changes: [{ type: 'feature', summary: 'z' }], date: '2026-11-28' }));
    expect(again).toContain(`holds exactly the files of swdev-toolchain ${semver.inc(PATCH, 'patch')}, the newest stable release; nothing changed to release`);
  });

  it('a withdrawn release is skipped by the channels and a pin to it is refused naming the reason; the Windows releases that put the password into user data are withdrawn', async () => {
    const root = copy();
    fs.appendFileSync(path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh'), '# bad\n');
    await publishRelease(root, { layer: 'swdev-toolchain', version: PATCH, changes: [{ type: 'security', summary: 'y' }], date: '2026-11-27' });
    const { resolveLayer } = await import('../../templates/compose/snapshots.js');
    expect((await resolveLayer(root, 'swdev-toolchain', 'toolchain')).version).toBe(PATCH);
    const result = cli(root, 'withdraw', 'swdev-toolchain', PATCH, '--reason', 'breaks the Go build');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(root, 'templates/swdev-toolchain/releases.yaml'), 'utf8')).toContain('withdrawn: "breaks the Go build"');
    expect((await resolveLayer(root, 'swdev-toolchain', 'toolchain')).version).toBe(S);
    expect((await resolveLayer(root, 'swdev-toolchain@beta', 'toolchain')).version).toBe(S);
    const pinnedMessage = await refusal(compose(root, { name: 'x', toolchain: `swdev-toolchain@${PATCH}`, base: 'base-k8s' }, deployment));
    expect(pinnedMessage).toContain(`swdev-toolchain ${PATCH} is withdrawn: breaks the Go build; pin another release (the newest stable one is ${S})`);
    expect(cli(root, 'withdraw', 'swdev-toolchain', PATCH, '--reason', 'again').status).toBe(1);
    expect(cli(root, 'withdraw', 'swdev-toolchain', '9.9.9', '--reason', 'x').status).toBe(2);
    expect(cli(root, 'withdraw', 'swdev-toolchain', PATCH).status).toBe(2);
    // The snapshot stays and is still verified.
    expect(fs.existsSync(path.join(root, 'templates/releases/swdev-toolchain', PATCH))).toBe(true);
    // Its files cannot come back as a new release (a revert to a withdrawn release).
    fs.appendFileSync(path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh'), '# good\n');
    await publishRelease(root, { layer: 'swdev-toolchain', version: semver.inc(PATCH, 'patch')!, changes: [{ type: 'fix', summary: 'z' }], date: '2026-11-28' });
    fs.writeFileSync(path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh'), fs.readFileSync(path.join(root, 'templates/releases/swdev-toolchain', PATCH, 'swdev-toolchain', 'bootstrap', 'install.sh'), 'utf8'));
    const rereleased = await refusal(publishRelease(root, { layer: 'swdev-toolchain', version: semver.inc(semver.inc(PATCH, 'patch')!, 'patch')!, changes: [{ type: 'fix', summary: 'revert' }], date: '2026-11-28' }));
    expect(rereleased).toContain(`holds exactly the files of swdev-toolchain ${PATCH}, which was withdrawn (breaks the Go build)`);

    // In the repository: base-ec2-windows 2.1.0 and 2.1.1 wrote the Administrator password into the user data.
    for (const version of ['2.1.0', '2.1.1']) {
      const message = await refusal(compose(repoRoot, { name: 'x', toolchain: 'windev-toolchain', base: `base-ec2-windows@${version}` }, deployment));
      expect(message).toContain(`base-ec2-windows ${version} is withdrawn: puts the Administrator password into the EC2 user data`);
    }
  });

  it('a security patch to stable is released while a beta of a higher version exists; stable resolves to it, beta stays on the pre-release; a beta below a stable release is refused saying so', async () => {
    const root = copy();
    go124(root);
    await publishRelease(root, { layer: 'swdev-toolchain', version: BETA, changes: [{ type: 'feature', summary: 'Go 1.24' }], date: '2026-11-27' });
    edit(root, 'templates/swdev-toolchain/toolchain.yaml', (t) => t.replace('{ name: go, version: "1.24" }', '{ name: go, version: "1.23" }'));
    fs.appendFileSync(path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh'), '# patched\n');
    const result = cli(root, 'release', 'swdev-toolchain', PATCH, '--change', 'security:x', '--date', '2026-11-28');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const { resolveLayer } = await import('../../templates/compose/snapshots.js');
    expect((await resolveLayer(root, 'swdev-toolchain', 'toolchain')).version).toBe(PATCH);
    expect((await resolveLayer(root, 'swdev-toolchain@beta', 'toolchain')).version).toBe(BETA);
    fs.appendFileSync(path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh'), '# again\n');
    const message = await refusal(publishRelease(root, { layer: 'swdev-toolchain', version: `${PATCH}-beta.1`, changes: [{ type: 'fix', summary: 'y' }], date: '2026-11-28' }));
    expect(message).toContain(`a pre-release must be greater than every release before it (the highest is ${BETA})`);
  });

  it('a beta release leaves stable, the pinned compositions and the drift check alone; @beta composes the beta snapshot', async () => {
    const root = copy(true);
    go124(root);
    const { release, snapshot } = await publishRelease(root, { layer: 'swdev-toolchain', version: BETA, changes: [{ type: 'feature', summary: 'Go 1.24' }], date: '2026-11-27' });
    expect(release).toMatchObject({ channel: 'beta', digest: snapshotDigest(root, 'swdev-toolchain', BETA) });
    expect(snapshot).toBe(`templates/releases/swdev-toolchain/${BETA}`);
    expect(loadReleases(root, 'swdev-toolchain').releases.map((r) => `${r.version} ${r.channel}`).slice(-2)).toEqual([`${S} stable`, `${BETA} beta`]);
    expect(fs.readFileSync(path.join(root, 'templates/swdev-toolchain/releases.yaml'), 'utf8')).toContain('# Releases of swdev-toolchain, oldest first');

    expect(await composedDrift(root, deployment)).toEqual([]);
    const stable = await compose(root, { name: 'x', toolchain: 'swdev-toolchain', base: 'base-ec2-linux' }, deployment);
    expect(stable.provenance.toolchain).toMatchObject({ version: S, channel: 'stable' });
    expect(goVersion(stable.files)).toBe('1.23');
    const beta = await compose(root, { name: 'x', toolchain: 'swdev-toolchain@beta', base: 'base-ec2-linux' }, deployment);
    expect(beta.provenance.toolchain).toEqual({ name: 'swdev-toolchain', version: BETA, channel: 'beta', files_sha256: release.digest });
    expect(goVersion(beta.files)).toBe('1.24');
  });

  it('the working directory composes only as @dev, labelled so, and never from compositions.yaml', async () => {
    const root = copy();
    go124(root);
    const stable = await compose(root, { name: 'x', toolchain: 'swdev-toolchain', base: 'base-k8s' }, deployment);
    expect(stable.provenance.toolchain.version).toBe(S);
    expect(goVersion(stable.files)).toBe('1.23');
    const dev = await compose(root, { name: 'x', toolchain: 'swdev-toolchain@dev', base: 'base-k8s' }, deployment);
    expect(dev.provenance.toolchain.version).toMatch(new RegExp(`^${S.replace(/\./g, '\\.')}\\+dev\\.[0-9a-f]{12}$`));
    expect(dev.provenance.toolchain.channel).toBe('dev');
    expect(goVersion(dev.files)).toBe('1.24');
    expect(dev.files.get('main.tf')).toContain('# DEV: swdev-toolchain comes from its working directory, not from a release');
    // The image is the newest release's (there is no dev image in the lock), and provenance says so.
    expect(dev.provenance.artifact.lock_entry).toBe(`swdev-toolchain@${S}`);

    edit(root, 'templates/compositions.yaml', (t) => t.replace(`toolchain: swdev-toolchain@${S}`, 'toolchain: swdev-toolchain@dev'));
    expect(() => loadCompositions(root)).toThrow(/compositions\.[\w-]+: swdev-toolchain@dev is the working directory, which is not a release; publish it \(npm run compose -- release swdev-toolchain <version>/);
  });

  it('a released snapshot cannot change: compose refuses it and the drift check names it, each with the fix', async () => {
    const root = copy(true);
    edit(root, 'templates/releases/swdev-toolchain/1.2.0/swdev-toolchain/toolchain.yaml', (t) => t.replace('"1.23"', '"1.24"'));
    const message = await refusal(compose(root, { name: 'x', toolchain: 'swdev-toolchain@1.2.0', base: 'base-k8s' }, deployment));
    expect(message).toContain('templates/releases/swdev-toolchain/1.2.0: its files changed after the release');
    expect(message).toContain('restore it (git checkout -- templates/releases/swdev-toolchain/1.2.0)');
    expect(message).toContain(`npm run compose -- release swdev-toolchain ${PATCH} --change fix:`);
    fs.rmSync(path.join(root, 'templates/releases/base-k8s/3.1.0'), { recursive: true });
    fs.mkdirSync(path.join(root, 'templates/releases/base-ec2-linux/9.9.9'));
    const drift = (await composedDrift(root, deployment)).map((p) => `${p.file}: ${p.message.split(/[;,]/)[0]}`);
    expect(drift).toEqual([
      'templates/releases/swdev-toolchain/1.2.0: its files changed after the release (digest sha256:' + drift[0]!.split('sha256:')[1],
      'templates/releases/base-ec2-linux/9.9.9: not a release in templates/base-ec2-linux/releases.yaml',
      'templates/releases/base-k8s/3.1.0: missing',
    ]);
  });

  it('release refuses an existing version, unchanged files and a bump the changes do not call for, naming the versions to use; a security fix is a patch release', async () => {
    const root = copy();
    const before = () => [fs.readFileSync(path.join(root, 'templates/swdev-toolchain/releases.yaml'), 'utf8'), fs.readdirSync(path.join(root, 'templates/releases/swdev-toolchain')).sort()];
    const unchanged = await refusal(publishRelease(root, { layer: 'swdev-toolchain', version: PATCH, changes: [{ type: 'fix', summary: 'x' }], date: '2026-11-27' }));
    expect(unchanged).toBe(`templates/swdev-toolchain/ holds exactly the files of swdev-toolchain ${S}, the newest stable release; nothing changed to release`);

    edit(root, 'templates/swdev-toolchain/bootstrap/install.sh', (t) => t.replace('set -euo pipefail', 'set -euo pipefail\numask 022'));
    const state = before();
    const existing = await refusal(publishRelease(root, { layer: 'swdev-toolchain', version: S, changes: [{ type: 'security', summary: 'x' }], date: '2026-11-27' }));
    expect(existing).toContain(`swdev-toolchain ${S} is already released, with other files`);
    expect(existing).toContain(`a change is a new version: ${PATCH} for a fix or security change, ${MINOR} for a feature, ${MAJOR} for a breaking change`);
    const minor = await refusal(publishRelease(root, { layer: 'swdev-toolchain', version: MINOR, changes: [{ type: 'security', summary: 'x' }], date: '2026-11-27' }));
    expect(minor).toBe(`release swdev-toolchain ${MINOR}: its changes call for a patch bump from ${S} (${PATCH}), not minor: security and fix releases are patch versions`);
    const prerelease = await refusal(publishRelease(root, { layer: 'swdev-toolchain', version: `${PATCH}-rc.1`, channel: 'stable', changes: [{ type: 'security', summary: 'x' }], date: '2026-11-27' }));
    expect(prerelease).toContain('a pre-release must be on the beta channel');
    expect(before()).toEqual(state);

    await publishRelease(root, { layer: 'swdev-toolchain', version: PATCH, changes: [{ type: 'security', summary: 'umask for the installed tools' }], date: '2026-11-27' });
    const { provenance } = await compose(root, { name: 'x', toolchain: 'swdev-toolchain', base: 'base-ec2-linux' }, deployment);
    expect(provenance.toolchain.version).toBe(PATCH);
  });

  it('a base release carries the local modules it calls as they were', async () => {
    const root = copy();
    edit(root, 'templates/shared-ec2-workspace/main.tf', (t) => t.replace('monitoring             = true', 'monitoring             = false'));
    const [gpu, linux] = [stableVersion('base-ec2-gpu'), stableVersion('base-ec2-linux')];
    const next = semver.inc(gpu, 'patch')!;
    edit(root, 'templates/artifacts.lock.yaml', (t) => t.replace('amis:\n', `amis:\n  base-ec2-gpu@${next}/amazon-linux-2023: ami-00000000000000001\n  base-ec2-gpu@${next}/ubuntu-22.04: ami-00000000000000002\n`));
    const history = fs.readFileSync(path.join(root, 'templates/base-ec2-gpu/releases.yaml'), 'utf8');
    await publishRelease(root, { layer: 'base-ec2-gpu', version: next, changes: [{ type: 'fix', summary: 'detailed monitoring off' }], date: '2026-11-27' });
    // The history is appended to, and what it held is kept as it was (comments, one line per change).
    const appended = fs.readFileSync(path.join(root, 'templates/base-ec2-gpu/releases.yaml'), 'utf8');
    expect(appended.startsWith(history)).toBe(true);
    expect(appended.slice(history.length)).toBe(`  - version: ${next}\n    channel: stable\n    date: 2026-11-27\n    digest: ${snapshotDigest(root, 'base-ec2-gpu', next)}\n    changes:\n      - { type: fix, summary: "detailed monitoring off" }\n`);
    const read = (version: string, base: string) => fs.readFileSync(path.join(root, 'templates/releases', base, version, 'shared-ec2-workspace/main.tf'), 'utf8');
    expect(read(next, 'base-ec2-gpu')).toContain('monitoring             = false');
    expect(read(gpu, 'base-ec2-gpu')).toContain('monitoring             = true');
    expect(read(linux, 'base-ec2-linux')).toContain('monitoring             = true');
    const { files, provenance } = await compose(root, { name: 'x', toolchain: 'datasci-toolchain', base: `base-ec2-gpu@${next}` }, deployment);
    expect(files.get('modules/shared-ec2-workspace/main.tf')).toContain('monitoring             = false');
    expect(provenance.base.modules).toEqual(['base-ec2-linux', 'shared-ec2-workspace']);
  });

  it('through the CLI: a bad version or change is a usage error (exit 2), a refusal exit 1, and nothing is written', () => {
    const root = copy();
    edit(root, 'templates/windev-toolchain/bootstrap/install.ps1', (t) => `${t}\n# changed\n`);
    const snapshots = () => fs.readdirSync(path.join(root, 'templates/releases/windev-toolchain')).sort();
    const before = snapshots();
    const v = cli(root, 'release', 'windev-toolchain', 'v1.0.1', '--change', 'fix:comment');
    expect(v.status).toBe(2);
    expect(v.stderr).toContain('windev-toolchain v1.0.1: not an exact semantic version; write it as 1.2.3 or 1.3.0-beta.1');
    const change = cli(root, 'release', 'windev-toolchain', '1.0.1', '--change', 'comment');
    expect(change.status).toBe(2);
    expect(change.stderr).toContain('--change "comment": write type:summary with type one of breaking, feature, fix, security');
    const layer = cli(root, 'release', 'windev', '1.0.1', '--change', 'fix:comment');
    expect(layer.status).toBe(2);
    expect(layer.stderr).toContain('windev: not a toolchain or base under templates/ (toolchains: datasci-toolchain, swdev-toolchain, windev-toolchain; bases: base-ec2-gpu, base-ec2-linux, base-ec2-windows, base-k8s)');
    const exists = cli(root, 'release', 'windev-toolchain', '1.0.0', '--change', 'fix:comment');
    expect(exists.status).toBe(1);
    expect(snapshots()).toEqual(before);
    const ok = cli(root, 'release', 'windev-toolchain', '1.1.1', '--change', 'fix:comment', '--date', '2026-11-27');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('compose: released windev-toolchain 1.1.1 on stable');
    expect(snapshots()).toEqual([...before, '1.1.1'].sort());
    expect(fs.statSync(path.join(root, 'templates/releases/windev-toolchain/1.1.1/windev-toolchain')).mode & 0o777).toBe(0o755);
  });
});

describe('release history under concurrent runs', () => {
  const start = (root: string, version: string, hold: string) =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [path.join(repoRoot, 'scripts', 'compose.ts'), 'release', 'swdev-toolchain', version, '--change', 'fix:race', '--date', '2026-12-04', '--root', root], { cwd: repoRoot, env: { ...process.env, GUIDE_TEST_RELEASE_HOLD_MS: hold } });
      let stderr = '';
      let stdout = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.on('close', (status) => resolve({ status, stderr: `${stderr}${stdout}` }));
    });

  it('two releases started together take turns: each reads the history the other wrote, every release that reports success is recorded, and the history stays valid', async () => {
    const root = copy();
    fs.appendFileSync(path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh'), '# a change to release\n');
    const before = loadReleases(root, 'swdev-toolchain').releases.length;
    // Each run holds the history for a while after reading it: without the lock both would append to
    // the same old history, and the last write would drop the other's entry beside its snapshot.
    const versions = [PATCH, semver.inc(PATCH, 'patch')!];
    const runs = await Promise.all(versions.map((v) => start(root, v, '1500')));
    const ok = versions.filter((_, i) => runs[i]!.status === 0);
    expect(ok.length, runs.map((r) => r.stderr).join('\n')).toBeGreaterThanOrEqual(1);
    for (const r of runs.filter((x) => x.status !== 0)) expect(r.stderr).toMatch(/greater than|nothing changed to release/);
    const { releases } = loadReleases(root, 'swdev-toolchain');
    expect(releases.slice(before).map((r) => r.version).sort()).toEqual([...ok].sort());
    // Every snapshot on disk is in the history, in an order the history accepts, and the layer composes.
    const snapshots = fs.readdirSync(path.join(root, 'templates/releases/swdev-toolchain'));
    expect(snapshots.filter((v) => !releases.some((r) => r.version === v))).toEqual([]);
    expect(releaseProblems(releases)).toEqual([]);
    expect(fs.existsSync(path.join(root, 'templates/swdev-toolchain/releases.yaml.lock'))).toBe(false);
  });

  it('takes over a lock whose holder is gone', async () => {
    const root = copy();
    fs.appendFileSync(path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh'), '# another change\n');
    fs.writeFileSync(path.join(root, 'templates/swdev-toolchain/releases.yaml.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, since: Date.now() }));
    const r = await start(root, PATCH, '0');
    expect(r.status, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(root, 'templates/swdev-toolchain/releases.yaml.lock'))).toBe(false);
  });
});
