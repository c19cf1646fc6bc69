/**
 * Releases as references to history (Property 17 in practice): a beta
 * release leaves stable and the pinned compositions alone, the working
 * directory composes only as @dev, a release means the files of its commit
 * (an edited entry, a missing commit or a shallow clone is refused, naming
 * the fix), and `npm run compose -- release` refuses what semver and
 * immutability forbid. Each test works in a git repository of its own
 * (test/helpers/templates.ts); the ones that restart a layer's history depend
 * on no commit of the project's clone, the few that compose the real pinned
 * releases skip loudly where the clone lacks them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo.js';
import semver from 'semver';
import { commitAll, copyTemplates, edit, git, pinned, PROJECT_HISTORY, restartHistory, stableVersion } from '../helpers/templates.js';
import { skipLoudly } from '../helpers/tools.js';
import { compose } from '../../templates/compose/compose.js';
import { composedDrift, loadCompositions } from '../../templates/compose/all.js';
import { publishRelease } from '../../templates/compose/release.js';
import { loadReleases, LayerError } from '../../templates/compose/layers.js';
import { digestFiles, layerFiles, releaseDrift, resolveLayer } from '../../templates/compose/layer-releases.js';
import { releaseProblems } from '../../templates/compose/versions.js';
import { loadDeployment } from '../../iac/deployment.js';

const deployment = loadDeployment('production');
// The newest stable swdev-toolchain and the versions after it, whatever they are when the test runs.
const S = stableVersion('swdev-toolchain');
const [PATCH, MINOR, MAJOR] = (['patch', 'minor', 'major'] as const).map((k) => semver.inc(S, k)!) as [string, string, string];
const BETA = `${MINOR}-beta.1`;
const roots: string[] = [];
if (PROJECT_HISTORY) skipLoudly('composing the project\'s pinned releases', PROJECT_HISTORY);
const withProjectHistory = PROJECT_HISTORY === undefined;
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function copy(withComposed = false): string {
  const root = copyTemplates();
  roots.push(root);
  if (withComposed) fs.cpSync(path.join(repoRoot, 'templates', 'composed'), path.join(root, 'templates', 'composed'), { recursive: true });
  return root;
}
/** A repository whose named layers have a history of their own: one release each, at its current stable version. */
async function fresh(...layers: string[]): Promise<string> {
  const root = copy();
  for (const layer of layers) await restartHistory(root, layer, stableVersion(layer));
  return root;
}
/** Commits the working layers, then publishes (a release records the commit that holds its files). */
function publish(root: string, request: Parameters<typeof publishRelease>[1]) {
  commitAll(root, `${request.layer} ${request.version}`);
  return publishRelease(root, request);
}
function release(root: string, ...args: string[]) {
  commitAll(root, args.slice(0, 3).join(' '));
  return cli(root, 'release', ...args);
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

  it.skipIf(!withProjectHistory)('shared local modules: provenance records each bundled module\'s digest, as the pinned releases hold them', async () => {
    const gpu = await compose(repoRoot, { name: 'x', ...pinned('ec2-datasci-gpu') }, deployment);
    const win = await compose(repoRoot, { name: 'y', ...pinned('ec2-windev-gui') }, deployment);
    const { dirDigest } = await import('../../templates/compose/layer-releases.js');
    expect(Object.keys(gpu.provenance.base.module_sha256).sort()).toEqual(['base-ec2-linux', 'shared-ec2-workspace']);
    const gpuRelease = await resolveLayer(repoRoot, pinned('ec2-datasci-gpu').base, 'base');
    expect(gpu.provenance.base.module_sha256['shared-ec2-workspace']).toBe(dirDigest(repoRoot, path.join(gpuRelease.source, 'shared-ec2-workspace')));
    // The pinned releases bundle the same shared block.
    expect(win.provenance.base.module_sha256['shared-ec2-workspace']).toBe(gpu.provenance.base.module_sha256['shared-ec2-workspace']);
  });

  it('releasing a layer names the other bases that bundle an older copy of it', async () => {
    const root = await fresh('base-ec2-linux', 'base-ec2-gpu', 'base-ec2-windows');
    const linux = stableVersion('base-ec2-linux');
    edit(root, 'templates/base-ec2-linux/user-data.sh.tftpl', (t) => `${t}# changed\n`);
    const one = release(root, 'base-ec2-linux', semver.inc(linux, 'patch')!, '--change', 'fix:x');
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout).toContain(`base-ec2-gpu bundles base-ec2-linux (its ${stableVersion('base-ec2-gpu')} holds other files than this release): release base-ec2-gpu too`);
    expect(one.stdout).not.toContain('base-ec2-windows bundles');
    edit(root, 'templates/shared-ec2-workspace/main.tf', (t) => `${t}# changed\n`);
    const two = release(root, 'base-ec2-linux', semver.inc(semver.inc(linux, 'patch')!, 'patch')!, '--change', 'fix:y');
    expect(two.status, two.stderr).toBe(0);
    expect(two.stdout).toContain('base-ec2-gpu bundles base-ec2-linux and shared-ec2-workspace');
    expect(two.stdout).toContain('base-ec2-windows bundles shared-ec2-workspace');
    // A base whose release cannot be read here (its commit missing, as in a shallow clone) is named,
    // and the release is made all the same.
    const k8s = loadReleases(root, 'base-k8s').releases.at(-1)!;
    edit(root, 'templates/base-k8s/releases.yaml', (t) => t.replace(`commit: ${k8s.commit}`, `commit: ${'deadbeef'.repeat(5)}`));
    edit(root, 'templates/shared-ec2-workspace/main.tf', (t) => `${t}# again\n`);
    const three = release(root, 'base-ec2-linux', semver.inc(semver.inc(semver.inc(linux, 'patch')!, 'patch')!, 'patch')!, '--change', 'fix:z');
    expect(three.status, three.stderr).toBe(0);
    expect(three.stdout).toContain(`(whether base-k8s ${k8s.version} bundles an older copy could not be checked: base-k8s ${k8s.version}: commit ${'deadbeef'.repeat(5)} is not in this clone's history`);
    expect(three.stdout).toContain('base-ec2-windows bundles shared-ec2-workspace');
  });

  it('a revert is a release: files equal to an older release but not the newest are published as a new patch; files equal to the newest are refused', async () => {
    const root = await fresh('swdev-toolchain');
    const script = path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh');
    const original = fs.readFileSync(script, 'utf8');
    fs.appendFileSync(script, '# a change that turns out wrong\n');
    await publish(root, { layer: 'swdev-toolchain', version: PATCH, changes: [{ type: 'fix', summary: 'y' }], date: '2026-11-27' });
    fs.writeFileSync(script, original);
    const reverted = release(root, 'swdev-toolchain', semver.inc(PATCH, 'patch')!, '--change', `fix:revert ${PATCH}`, '--date', '2026-11-28');
    expect(reverted.stderr).toBe('');
    expect(reverted.status).toBe(0);
    const { releases } = loadReleases(root, 'swdev-toolchain');
    expect(releases.at(-1)!.digest).toBe(releases.find((r) => r.version === S)!.digest);
    // The revert names its own commit (the files are the same; the commit is the one that made them so).
    expect(releases.at(-1)!.commit).not.toBe(releases.find((r) => r.version === S)!.commit);
    const again = await refusal(publish(root, { layer: 'swdev-toolchain', version: semver.inc(PATCH, 'minor')!, changes: [{ type: 'feature', summary: 'z' }], date: '2026-11-28' }));
    expect(again).toContain(`holds exactly the files of swdev-toolchain ${semver.inc(PATCH, 'patch')}, the newest stable release; nothing changed to release`);
  });

  it('a withdrawn release is skipped by the channels and a pin to it is refused naming the reason; the Windows releases that put the password into user data are withdrawn', async () => {
    const root = await fresh('swdev-toolchain', 'base-k8s');
    const script = path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh');
    fs.appendFileSync(script, '# bad\n');
    await publish(root, { layer: 'swdev-toolchain', version: PATCH, changes: [{ type: 'security', summary: 'y' }], date: '2026-11-27' });
    const bad = fs.readFileSync(script, 'utf8');
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
    // Its entry stays, and the drift check still holds it to its commit.
    expect((await releaseDrift(root)).filter((d) => d.file.includes('swdev-toolchain') || d.file.includes('base-k8s'))).toEqual([]);
    // Its files cannot come back as a new release (a revert to a withdrawn release).
    fs.appendFileSync(script, '# good\n');
    await publish(root, { layer: 'swdev-toolchain', version: semver.inc(PATCH, 'patch')!, changes: [{ type: 'fix', summary: 'z' }], date: '2026-11-28' });
    fs.writeFileSync(script, bad);
    const rereleased = await refusal(publish(root, { layer: 'swdev-toolchain', version: semver.inc(semver.inc(PATCH, 'patch')!, 'patch')!, changes: [{ type: 'fix', summary: 'revert' }], date: '2026-11-28' }));
    expect(rereleased).toContain(`holds exactly the files of swdev-toolchain ${PATCH}, which was withdrawn (breaks the Go build)`);

    // In the repository: base-ec2-windows 2.1.0 and 2.1.1 wrote the Administrator password into the
    // user data. A pin to them is refused before anything is read from history.
    for (const version of ['2.1.0', '2.1.1']) {
      const message = await refusal(resolveLayer(repoRoot, `base-ec2-windows@${version}`, 'base'));
      expect(message).toContain(`base-ec2-windows ${version} is withdrawn: puts the Administrator password into the EC2 user data`);
    }
  });

  it('a security patch to stable is released while a beta of a higher version exists; stable resolves to it, beta stays on the pre-release; a beta below a stable release is refused saying so', async () => {
    const root = await fresh('swdev-toolchain');
    go124(root);
    await publish(root, { layer: 'swdev-toolchain', version: BETA, changes: [{ type: 'feature', summary: 'Go 1.24' }], date: '2026-11-27' });
    edit(root, 'templates/swdev-toolchain/toolchain.yaml', (t) => t.replace('{ name: go, version: "1.24" }', '{ name: go, version: "1.23" }'));
    fs.appendFileSync(path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh'), '# patched\n');
    const result = release(root, 'swdev-toolchain', PATCH, '--change', 'security:x', '--date', '2026-11-28');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect((await resolveLayer(root, 'swdev-toolchain', 'toolchain')).version).toBe(PATCH);
    expect((await resolveLayer(root, 'swdev-toolchain@beta', 'toolchain')).version).toBe(BETA);
    fs.appendFileSync(path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh'), '# again\n');
    const message = await refusal(publish(root, { layer: 'swdev-toolchain', version: `${PATCH}-beta.1`, changes: [{ type: 'fix', summary: 'y' }], date: '2026-11-28' }));
    expect(message).toContain(`a pre-release must be greater than every release before it (the highest is ${BETA})`);
  });

  it.skipIf(!withProjectHistory)('a beta release leaves stable, the pinned compositions and the drift check alone; @beta composes the beta release', async () => {
    const root = copy(true);
    go124(root);
    const { release: beta } = await publish(root, { layer: 'swdev-toolchain', version: BETA, changes: [{ type: 'feature', summary: 'Go 1.24' }], date: '2026-11-27' });
    expect(beta).toMatchObject({ channel: 'beta', digest: digestFiles(await layerFiles(root, 'swdev-toolchain', 'toolchain')), commit: git(root, 'rev-parse', 'HEAD').trim() });
    expect(loadReleases(root, 'swdev-toolchain').releases.map((r) => `${r.version} ${r.channel}`).slice(-2)).toEqual([`${S} stable`, `${BETA} beta`]);
    expect(fs.readFileSync(path.join(root, 'templates/swdev-toolchain/releases.yaml'), 'utf8')).toContain('# Releases of swdev-toolchain, oldest first');

    expect(await composedDrift(root, deployment)).toEqual([]);
    const stable = await compose(root, { name: 'x', toolchain: 'swdev-toolchain', base: 'base-ec2-linux' }, deployment);
    expect(stable.provenance.toolchain).toMatchObject({ version: S, channel: 'stable' });
    expect(goVersion(stable.files)).toBe('1.23');
    const composed = await compose(root, { name: 'x', toolchain: 'swdev-toolchain@beta', base: 'base-ec2-linux' }, deployment);
    expect(composed.provenance.toolchain).toEqual({ name: 'swdev-toolchain', version: BETA, channel: 'beta', files_sha256: beta.digest });
    expect(goVersion(composed.files)).toBe('1.24');
  });

  it('the working directory composes only as @dev, labelled so, and never from compositions.yaml', async () => {
    const root = await fresh('swdev-toolchain', 'base-k8s');
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

    const pin = pinned('pod-swdev').toolchain;
    edit(root, 'templates/compositions.yaml', (t) => t.replace(`toolchain: ${pin}`, 'toolchain: swdev-toolchain@dev'));
    expect(() => loadCompositions(root)).toThrow(/compositions\.[\w-]+: swdev-toolchain@dev is the working directory, which is not a release; publish it \(npm run compose -- release swdev-toolchain <version>/);
  });

  it('a release is the files of its commit: an edited entry, a missing commit, a shallow clone and a folder without history are refused, naming the fix; a damaged copy is read again', async () => {
    const root = await fresh('swdev-toolchain', 'base-ec2-linux');
    // The commit the restarted history records for S: Go 1.23.
    const first = loadReleases(root, 'swdev-toolchain').releases[0]!.commit;
    go124(root);
    const { release: minor } = await publish(root, { layer: 'swdev-toolchain', version: MINOR, changes: [{ type: 'feature', summary: 'Go 1.24' }], date: '2026-11-27' });
    commitAll(root, 'the release entry');
    // The files come from the commit, not the working directory (edited since).
    edit(root, 'templates/swdev-toolchain/toolchain.yaml', (t) => t.replace('"1.24"', '"1.25"'));
    const read = await resolveLayer(root, `swdev-toolchain@${MINOR}`, 'toolchain');
    expect(read.source).toBe(`.releases/swdev-toolchain/${MINOR}-${minor.commit.slice(0, 12)}`);
    expect(goVersion((await compose(root, { name: 'x', toolchain: `swdev-toolchain@${MINOR}`, base: 'base-ec2-linux' }, deployment)).files)).toBe('1.24');
    // A damaged copy of the files (someone edited .releases/) is read from history again.
    edit(root, path.join(read.source, 'swdev-toolchain/toolchain.yaml'), (t) => t.replace('"1.24"', '"9.99"'));
    expect(goVersion((await compose(root, { name: 'x', toolchain: `swdev-toolchain@${MINOR}`, base: 'base-ec2-linux' }, deployment)).files)).toBe('1.24');

    const releasesFile = path.join(root, 'templates/swdev-toolchain/releases.yaml');
    const history = fs.readFileSync(releasesFile, 'utf8');
    // The entry pointed at another commit (the one before the release): its files are not the release's.
    fs.writeFileSync(releasesFile, history.replace(`commit: ${minor.commit}`, `commit: ${first}`));
    const edited = await refusal(compose(root, { name: 'x', toolchain: `swdev-toolchain@${MINOR}`, base: 'base-ec2-linux' }, deployment));
    expect(edited).toContain(`templates/swdev-toolchain/releases.yaml: ${MINOR}: the files commit ${first.slice(0, 12)} holds give sha256:`);
    expect(edited).toContain(`but the release recorded ${minor.digest}: its commit or digest was edited; a release is immutable: restore templates/swdev-toolchain/releases.yaml (git checkout -- templates/swdev-toolchain/releases.yaml)`);
    expect((await releaseDrift(root)).filter((d) => d.file === 'templates/swdev-toolchain/releases.yaml').map((d) => d.message.split(' holds give ')[0])).toEqual([`${MINOR}: the files commit ${first.slice(0, 12)}`]);
    // A commit the history does not have.
    fs.writeFileSync(releasesFile, history.replace(`commit: ${minor.commit}`, `commit: ${'deadbeef'.repeat(5)}`));
    expect(await refusal(compose(root, { name: 'x', toolchain: `swdev-toolchain@${MINOR}`, base: 'base-ec2-linux' }, deployment))).toContain(`swdev-toolchain ${MINOR}: commit ${'deadbeef'.repeat(5)} is not in this clone's history`);
    fs.writeFileSync(releasesFile, history);

    // A shallow clone of this repository has the last commit only: the release before it is missing.
    const shallow = path.join(root, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${root}`, shallow]);
    const inShallow = await refusal(resolveLayer(shallow, `swdev-toolchain@${S}`, 'toolchain'));
    expect(inShallow).toContain(`swdev-toolchain ${S}: commit ${first} is not in this shallow clone: run git fetch --unshallow (in CI, check out with fetch-depth: 0)`);
    execFileSync('git', ['-C', shallow, 'fetch', '-q', '--unshallow']);
    expect((await resolveLayer(shallow, `swdev-toolchain@${S}`, 'toolchain')).digest).toBe(loadReleases(root, 'swdev-toolchain').releases[0]!.digest);
    // A download of the files (no .git): releases cannot be read; @dev still composes.
    const download = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-download-'));
    roots.push(download);
    fs.cpSync(path.join(root, 'templates'), path.join(download, 'templates'), { recursive: true });
    expect(await refusal(resolveLayer(download, `swdev-toolchain@${MINOR}`, 'toolchain'))).toContain('is not a git clone, so releases cannot be read from history');
    expect((await resolveLayer(download, 'swdev-toolchain@dev', 'toolchain')).channel).toBe('dev');
    // The drift check says it once, not once per release.
    expect(await releaseDrift(download)).toEqual([{ file: 'templates', message: expect.stringContaining('is not a git clone, so releases cannot be read from history') }]);
  });

  it('release refuses an existing version, unchanged files and a bump the changes do not call for, naming the versions to use; a security fix is a patch release', async () => {
    const root = await fresh('swdev-toolchain', 'base-ec2-linux');
    const before = () => fs.readFileSync(path.join(root, 'templates/swdev-toolchain/releases.yaml'), 'utf8');
    const unchanged = await refusal(publish(root, { layer: 'swdev-toolchain', version: PATCH, changes: [{ type: 'fix', summary: 'x' }], date: '2026-11-27' }));
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
    // A right version, but the change is not committed: the release would name no commit holding it.
    const uncommitted = await refusal(publishRelease(root, { layer: 'swdev-toolchain', version: PATCH, changes: [{ type: 'security', summary: 'x' }], date: '2026-11-27' }));
    expect(uncommitted).toMatch(/release swdev-toolchain [\d.]+: the files of templates\/swdev-toolchain\/ differ from the last commit \([0-9a-f]{12}\); commit them first/);
    expect(before()).toEqual(state);

    await publish(root, { layer: 'swdev-toolchain', version: PATCH, changes: [{ type: 'security', summary: 'umask for the installed tools' }], date: '2026-11-27' });
    const { provenance } = await compose(root, { name: 'x', toolchain: 'swdev-toolchain', base: 'base-ec2-linux' }, deployment);
    expect(provenance.toolchain.version).toBe(PATCH);
  });

  it('a base release carries the local modules it calls as its commit held them', async () => {
    const root = await fresh('base-ec2-gpu', 'base-ec2-linux', 'datasci-toolchain');
    edit(root, 'templates/shared-ec2-workspace/main.tf', (t) => t.replace('monitoring             = true', 'monitoring             = false'));
    const [gpu, linux] = [stableVersion('base-ec2-gpu'), stableVersion('base-ec2-linux')];
    const next = semver.inc(gpu, 'patch')!;
    edit(root, 'templates/artifacts.lock.yaml', (t) => t.replace('amis:\n', `amis:\n  base-ec2-gpu@${next}/amazon-linux-2023: ami-00000000000000001\n  base-ec2-gpu@${next}/ubuntu-22.04: ami-00000000000000002\n`));
    const history = fs.readFileSync(path.join(root, 'templates/base-ec2-gpu/releases.yaml'), 'utf8');
    const { release: made } = await publish(root, { layer: 'base-ec2-gpu', version: next, changes: [{ type: 'fix', summary: 'detailed monitoring off' }], date: '2026-11-27' });
    // The history is appended to, and what it held is kept as it was (comments, one line per change).
    const appended = fs.readFileSync(path.join(root, 'templates/base-ec2-gpu/releases.yaml'), 'utf8');
    expect(appended.startsWith(history)).toBe(true);
    expect(appended.slice(history.length)).toBe(`  - version: ${next}\n    channel: stable\n    date: 2026-11-27\n    digest: ${made.digest}\n    commit: ${git(root, 'rev-parse', 'HEAD').trim()}\n    changes:\n      - { type: fix, summary: "detailed monitoring off" }\n`);
    // The working directory moves on; each release keeps the shared block its commit held.
    edit(root, 'templates/shared-ec2-workspace/main.tf', (t) => t.replace('monitoring             = false', 'monitoring             = "later"'));
    const read = async (ref: string) => fs.readFileSync(path.join(root, (await resolveLayer(root, ref, 'base')).source, 'shared-ec2-workspace/main.tf'), 'utf8');
    expect(await read(`base-ec2-gpu@${next}`)).toContain('monitoring             = false');
    expect(await read(`base-ec2-gpu@${gpu}`)).toContain('monitoring             = true');
    expect(await read(`base-ec2-linux@${linux}`)).toContain('monitoring             = true');
    const { files, provenance } = await compose(root, { name: 'x', toolchain: 'datasci-toolchain', base: `base-ec2-gpu@${next}` }, deployment);
    expect(files.get('modules/shared-ec2-workspace/main.tf')).toContain('monitoring             = false');
    expect(provenance.base.modules).toEqual(['base-ec2-linux', 'shared-ec2-workspace']);
  });

  it('through the CLI: a bad version or change is a usage error (exit 2), a refusal exit 1, and nothing is written', async () => {
    const root = await fresh('windev-toolchain');
    const current = stableVersion('windev-toolchain');
    edit(root, 'templates/windev-toolchain/bootstrap/install.ps1', (t) => `${t}\n# changed\n`);
    const entries = () => fs.readFileSync(path.join(root, 'templates/windev-toolchain/releases.yaml'), 'utf8');
    const before = entries();
    const v = cli(root, 'release', 'windev-toolchain', 'v1.0.1', '--change', 'fix:comment');
    expect(v.status).toBe(2);
    expect(v.stderr).toContain('windev-toolchain v1.0.1: not an exact semantic version; write it as 1.2.3 or 1.3.0-beta.1');
    const change = cli(root, 'release', 'windev-toolchain', '1.0.1', '--change', 'comment');
    expect(change.status).toBe(2);
    expect(change.stderr).toContain('--change "comment": write type:summary with type one of breaking, feature, fix, security');
    const layer = cli(root, 'release', 'windev', '1.0.1', '--change', 'fix:comment');
    expect(layer.status).toBe(2);
    expect(layer.stderr).toContain('windev: not a toolchain or base under templates/ (toolchains: datasci-toolchain, swdev-toolchain, windev-toolchain; bases: base-ec2-gpu, base-ec2-linux, base-ec2-windows, base-k8s)');
    const exists = cli(root, 'release', 'windev-toolchain', current, '--change', 'fix:comment');
    expect(exists.status).toBe(1);
    const uncommitted = cli(root, 'release', 'windev-toolchain', semver.inc(current, 'patch')!, '--change', 'fix:comment');
    expect(uncommitted.status).toBe(1);
    expect(uncommitted.stderr).toContain('commit them first: a release records the commit that holds its files');
    expect(entries()).toEqual(before);
    const ok = release(root, 'windev-toolchain', semver.inc(current, 'patch')!, '--change', 'fix:comment', '--date', '2026-11-27');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`compose: released windev-toolchain ${semver.inc(current, 'patch')} on stable: the files of commit ${git(root, 'rev-parse', 'HEAD').trim().slice(0, 12)}`);
    expect(entries().startsWith(before)).toBe(true);
    // Nothing is copied into the tree: the release is the entry.
    expect(git(root, 'status', '--porcelain', '--untracked-files=all', 'templates')).toBe(' M templates/windev-toolchain/releases.yaml\n');
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
    const root = await fresh('swdev-toolchain');
    fs.appendFileSync(path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh'), '# a change to release\n');
    commitAll(root, 'a change to release');
    const before = loadReleases(root, 'swdev-toolchain').releases.length;
    // Each run holds the history for a while after reading it: without the lock both would append to
    // the same old history, and the last write would drop the other's entry.
    const versions = [PATCH, semver.inc(PATCH, 'patch')!];
    const runs = await Promise.all(versions.map((v) => start(root, v, '1500')));
    const ok = versions.filter((_, i) => runs[i]!.status === 0);
    expect(ok.length, runs.map((r) => r.stderr).join('\n')).toBeGreaterThanOrEqual(1);
    for (const r of runs.filter((x) => x.status !== 0)) expect(r.stderr).toMatch(/greater than|nothing changed to release/);
    const { releases } = loadReleases(root, 'swdev-toolchain');
    expect(releases.slice(before).map((r) => r.version).sort()).toEqual([...ok].sort());
    // The history is one the tool accepts, and every release in it resolves to its files.
    expect(releaseProblems(releases)).toEqual([]);
    for (const v of ok) expect((await resolveLayer(root, `swdev-toolchain@${v}`, 'toolchain')).digest).toBe(releases.find((r) => r.version === v)!.digest);
    expect(fs.existsSync(path.join(root, 'templates/swdev-toolchain/releases.yaml.lock'))).toBe(false);
  });

  it('takes over a lock whose holder is gone', async () => {
    const root = await fresh('swdev-toolchain');
    fs.appendFileSync(path.join(root, 'templates/swdev-toolchain/bootstrap/install.sh'), '# another change\n');
    commitAll(root, 'another change');
    fs.writeFileSync(path.join(root, 'templates/swdev-toolchain/releases.yaml.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, since: Date.now() }));
    const r = await start(root, PATCH, '0');
    expect(r.status, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(root, 'templates/swdev-toolchain/releases.yaml.lock'))).toBe(false);
  });
});
