/**
 * Releases as references to history: every release of every layer records
 * the commit that holds its files, and the files that commit holds (the
 * layer and the modules its HCL there calls, read through git) produce the
 * digest the release recorded. That check runs against the project's own
 * history, and in a clone without it (shallow, or not a git clone) is
 * skipped, saying so. The reader itself is tested in a repository of its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listLayers, loadReleases } from '../../templates/compose/layers.js';
import { digestAt, filesAt, historyProblem } from '../../templates/compose/git-history.js';
import { digestFiles, layerKind, releaseFilesAt, releaseHistoryProblem } from '../../templates/compose/layer-releases.js';
import { commitAll, copyTemplates, git } from '../helpers/templates.js';
import { repoRoot } from '../helpers/repo.js';
import { skipLoudly } from '../helpers/tools.js';

const { toolchains, bases } = listLayers(repoRoot);
const releases = [...toolchains, ...bases].flatMap((layer) => loadReleases(repoRoot, layer).releases.map((r) => ({ layer, ...r })));
const unavailable = releaseHistoryProblem(repoRoot);
if (unavailable) skipLoudly('releases read from the project\'s git history', unavailable);

describe('the project\'s releases in its git history', () => {
  it('every release records a full commit SHA', () => {
    expect(releases.length).toBeGreaterThan(20);
    expect(releases.filter((r) => !/^[0-9a-f]{40}$/.test(r.commit)).map((r) => `${r.layer} ${r.version}`)).toEqual([]);
  });

  it.skipIf(unavailable !== undefined)('the files at each recorded commit produce the release\'s digest', async () => {
    const wrong: string[] = [];
    for (const r of releases) {
      const digest = digestFiles(await releaseFilesAt(repoRoot, r.layer, layerKind(repoRoot, r.layer), r.commit));
      if (digest !== r.digest) wrong.push(`${r.layer} ${r.version}: ${r.commit} holds ${digest}, the release recorded ${r.digest}`);
    }
    expect(wrong).toEqual([]);
  });

  it.skipIf(unavailable !== undefined)('bites: another release\'s commit, read for this one, is other files', async () => {
    const k8s = releases.filter((x) => x.layer === 'base-k8s');
    const [a, b] = [k8s[0]!, k8s.find((x) => x.digest !== k8s[0]!.digest)!];
    expect(digestFiles(await releaseFilesAt(repoRoot, 'base-k8s', 'base', b.commit))).not.toBe(a.digest);
  });
});

describe('the history reader (in a repository of its own)', () => {
  it('reads a directory as a commit holds it, byte for byte, leaving out releases.yaml and links; names missing commits and a shallow clone\'s fix', () => {
    const root = copyTemplates();
    try {
      const dir = path.join(root, 'templates', 'swdev-toolchain');
      // Bytes that are not UTF-8, an empty file, a newline-only file and a nested path.
      fs.writeFileSync(path.join(dir, 'bin.dat'), Buffer.from([0, 255, 10, 13, 10, 0]));
      fs.writeFileSync(path.join(dir, 'empty'), '');
      fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'a', 'b', 'c d.txt'), '\n');
      fs.symlinkSync('toolchain.yaml', path.join(dir, 'link'));
      const first = commitAll(root, 'odd files');
      const files = filesAt(root, first, ['swdev-toolchain']);
      expect(files.get('swdev-toolchain/bin.dat')).toEqual(Buffer.from([0, 255, 10, 13, 10, 0]));
      expect(files.get('swdev-toolchain/empty')).toEqual(Buffer.alloc(0));
      expect(files.get('swdev-toolchain/a/b/c d.txt')!.toString()).toBe('\n');
      expect(files.has('swdev-toolchain/link')).toBe(false);
      expect(files.has('swdev-toolchain/releases.yaml')).toBe(false);
      expect(files.get('swdev-toolchain/toolchain.yaml')!.toString()).toBe(fs.readFileSync(path.join(dir, 'toolchain.yaml'), 'utf8'));
      // A later commit does not change what the earlier one holds.
      fs.appendFileSync(path.join(dir, 'toolchain.yaml'), '# later\n');
      const second = commitAll(root, 'later');
      expect(digestAt(root, first, ['swdev-toolchain'])).toBe(digestFiles(files));
      expect(digestAt(root, second, ['swdev-toolchain'])).not.toBe(digestFiles(files));
      expect(historyProblem(root, first)).toBeUndefined();
      expect(historyProblem(root, 'deadbeef'.repeat(5))).toBe(`commit ${'deadbeef'.repeat(5)} is not in this clone's history (was it rewritten? fetch the branch that holds it)`);
      expect(historyProblem(root, 'HEAD')).toBe('"HEAD" is not a full 40-hex-digit commit SHA');
      // A shallow clone lacks the first commit and says how to get it.
      const shallow = path.join(root, 'shallow');
      git(root, 'clone', '-q', '--depth', '1', `file://${root}`, shallow);
      expect(git(shallow, 'rev-parse', 'HEAD').trim()).toBe(second);
      expect(historyProblem(shallow, first)).toBe(`commit ${first} is not in this shallow clone: run git fetch --unshallow (in CI, check out with fetch-depth: 0)`);
      expect(historyProblem(shallow, second)).toBeUndefined();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
