/**
 * Throwaway repositories of templates/ for composition tests (compose reads
 * nothing else from disk, and releases from git history). A copy is a git
 * repository of its own: the working templates committed once, with the
 * project's objects borrowed (git alternates, nothing copied), so the commits
 * the real releases record can be read when the project's clone has them. A
 * test that releases, edits and composes does so in that repository.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { borrowHistory, git, repoRoot } from './repo.js';
import { loadReleases } from '../../templates/compose/layers.js';
import { releaseHistoryProblem } from '../../templates/compose/layer-releases.js';
import { loadCompositions } from '../../templates/compose/compositions-file.js';

export { git } from './repo.js';

/** Commits everything in a test repository; returns the commit. */
export function commitAll(root: string, message: string): string {
  git(root, 'add', '-A', 'templates', '.gitignore');
  git(root, 'commit', '-q', '--allow-empty', '-m', message);
  return git(root, 'rev-parse', 'HEAD').trim();
}

/**
 * Why the releases the project records cannot be read here (a shallow clone, a download without
 * .git), or undefined when every recorded commit is in the project's history. Suites that compose
 * the real pinned releases skip loudly on it; tests of the release machinery build their own history.
 */
export const PROJECT_HISTORY: string | undefined = releaseHistoryProblem(repoRoot);

export function copyTemplates(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-templates-'));
  fs.cpSync(path.join(repoRoot, 'templates'), path.join(root, 'templates'), { recursive: true, filter: (src) => !src.includes(`${path.sep}composed`) });
  fs.copyFileSync(path.join(repoRoot, '.gitignore'), path.join(root, '.gitignore'));
  borrowHistory(root);
  return root;
}

/**
 * Starts a layer's history afresh in a test repository: one release, `version`, of the files the
 * last commit holds, recorded with that commit (and committed). The tests of the release machinery
 * use it, so they depend on no commit of the project's own history.
 */
export async function restartHistory(root: string, layer: string, version: string): Promise<string> {
  const { layerFiles, layerKind, digestFiles } = await import('../../templates/compose/layer-releases.js');
  const head = git(root, 'rev-parse', 'HEAD').trim();
  const digest = digestFiles(await layerFiles(root, layer, layerKind(root, layer)));
  const file = path.join(root, 'templates', layer, 'releases.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const kept = text.slice(0, text.search(/^releases:/m));
  fs.writeFileSync(file, `${kept}releases:\n  - version: ${version}\n    channel: stable\n    date: 2026-12-01\n    digest: ${digest}\n    commit: ${head}\n    changes:\n      - { type: feature, summary: "history restarted for a test" }\n`);
  commitAll(root, `${layer} ${version}`);
  return head;
}

/** Rewrites one file of a copy. */
export function edit(root: string, rel: string, change: (text: string) => string): void {
  const abs = path.join(root, rel);
  fs.writeFileSync(abs, change(fs.readFileSync(abs, 'utf8')));
}

/** The newest stable release of a toolchain or base (tests name versions through this, not by number). */
export function stableVersion(name: string, root: string = repoRoot): string {
  const stable = loadReleases(root, name).releases.filter((r) => r.channel === 'stable');
  return semver.rsort(stable.map((r) => r.version))[0]!;
}

/** What templates/compositions.yaml pins for a composition: `name@version` of its toolchain and base. */
export function pinned(composition: string, root: string = repoRoot): { toolchain: string; base: string } {
  const c = loadCompositions(root)[composition]!;
  return { toolchain: c.toolchain, base: c.base };
}
