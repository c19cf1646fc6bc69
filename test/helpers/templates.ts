/** Throwaway copies of templates/ for composition tests (compose reads nothing else from disk). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { repoRoot } from './repo.js';
import { loadReleases } from '../../templates/compose/layers.js';
import { loadCompositions } from '../../templates/compose/compositions-file.js';

export function copyTemplates(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-templates-'));
  fs.cpSync(path.join(repoRoot, 'templates'), path.join(root, 'templates'), { recursive: true, filter: (src) => !src.includes(`${path.sep}composed`) });
  return root;
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
