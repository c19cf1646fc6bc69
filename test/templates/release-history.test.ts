/**
 * Releases as references to history (#17, the first step): every release of
 * every layer records the commit that holds its files, and the files that
 * commit holds (the layer and the modules it bundles, read through git, not
 * from templates/releases/) produce the digest the release recorded. In a
 * clone without that history (shallow, or not a git clone) it is skipped,
 * saying so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listLayers, loadReleases } from '../../templates/compose/layers.js';
import { digestAt, filesAt, historyProblem } from '../../templates/compose/git-history.js';
import { publishRelease } from '../../templates/compose/release.js';
import { copyTemplates, edit } from '../helpers/templates.js';
import { execFileSync } from 'node:child_process';
import { repoRoot } from '../helpers/repo.js';
import { skipLoudly } from '../helpers/tools.js';

const { toolchains, bases } = listLayers(repoRoot);
const releases = [...toolchains, ...bases].flatMap((layer) => loadReleases(repoRoot, layer).releases.map((r) => ({ layer, ...r })));
const first = releases.find((r) => r.commit);
const unavailable = first ? historyProblem(repoRoot, first.commit!) : 'no release records a commit';
if (unavailable) skipLoudly('releases read from git history', unavailable);

describe('releases in git history', () => {
  it('every release records the commit that holds its files', () => {
    const missing = releases.filter((r) => !r.commit).map((r) => `templates/${r.layer}/releases.yaml: ${r.version} records no commit: add commit: <the first commit whose templates/${r.layer}/ (and the modules it bundles) produce its digest>`);
    expect(missing).toEqual([]);
  });

  it.skipIf(unavailable !== undefined)('the files at each recorded commit produce the release\'s digest, the snapshot\'s files too', () => {
    const wrong: string[] = [];
    for (const r of releases) {
      // The directories the release holds: the layer and the local modules it bundles (as its snapshot has them).
      const dirs = fs.readdirSync(path.join(repoRoot, 'templates', 'releases', r.layer, r.version)).sort();
      const problem = historyProblem(repoRoot, r.commit!);
      if (problem) {
        wrong.push(`${r.layer} ${r.version}: ${problem}`);
        continue;
      }
      const digest = digestAt(repoRoot, r.commit!, dirs);
      if (digest !== r.digest) wrong.push(`${r.layer} ${r.version}: ${r.commit} holds ${digest}, the release recorded ${r.digest}`);
    }
    expect(wrong).toEqual([]);
  });

  it.skipIf(unavailable !== undefined)('bites: the history reader sees a file that differs from the release', () => {
    const r = releases.find((x) => x.layer === 'base-k8s' && x.commit)!;
    const dirs = fs.readdirSync(path.join(repoRoot, 'templates', 'releases', r.layer, r.version)).sort();
    const files = filesAt(repoRoot, r.commit!, dirs);
    expect(files.size).toBeGreaterThan(3);
    expect([...files.keys()].every((k) => !k.endsWith('/releases.yaml'))).toBe(true);
    // Another layer's release commit, read for this layer, is another set of files.
    const other = releases.find((x) => x.layer === r.layer && x.commit && x.digest !== r.digest)!;
    expect(digestAt(repoRoot, other.commit!, dirs)).not.toBe(r.digest);
    expect(historyProblem(repoRoot, '0'.repeat(40))).toMatch(/is not in this (shallow )?clone/);
  });

  it('a new release records its commit: the layer committed first (HEAD holds exactly its files); uncommitted files are refused; a folder without history records none', async () => {
    // A repository of its own, not the project's clone (whose depth CI decides).
    const root = copyTemplates();
    try {
      const run = (...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { encoding: 'utf8' });
      const bootstrap = 'templates/windev-toolchain/bootstrap/install.ps1';
      // Without history (a copy): released, no commit recorded.
      edit(root, bootstrap, (t) => `${t}\n# one\n`);
      const plain = await publishRelease(root, { layer: 'windev-toolchain', version: '1.1.1', changes: [{ type: 'fix', summary: 'one' }], date: '2026-12-04' });
      expect(plain.release.commit).toBeUndefined();
      run('init', '-q');
      run('add', '-A');
      run('commit', '-qm', 'layers');
      edit(root, bootstrap, (t) => `${t}# two\n`);
      await expect(publishRelease(root, { layer: 'windev-toolchain', version: '1.1.2', changes: [{ type: 'fix', summary: 'two' }], date: '2026-12-04' })).rejects.toThrow(/differ from the last commit \([0-9a-f]{12}\); commit them first/);
      run('commit', '-qam', 'two');
      const head = run('rev-parse', 'HEAD').trim();
      const { release } = await publishRelease(root, { layer: 'windev-toolchain', version: '1.1.2', changes: [{ type: 'fix', summary: 'two' }], date: '2026-12-04' });
      expect(release.commit).toBe(head);
      expect(fs.readFileSync(path.join(root, 'templates/windev-toolchain/releases.yaml'), 'utf8')).toContain(`    digest: ${release.digest}\n    commit: ${head}\n`);
      expect(digestAt(root, head, ['windev-toolchain'])).toBe(release.digest);
      expect(loadReleases(root, 'windev-toolchain').releases.at(-1)!.commit).toBe(head);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
