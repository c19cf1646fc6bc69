/** Test helpers: the repository root, and throwaway copies of it. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const SKIP = new Set(['node_modules', '.git', '.releases', 'build', '.docusaurus', 'cdktf.out', '.bench', 'coverage']);

/**
 * Copies the repository (sources only) to a temporary directory. node_modules
 * is a real directory of symlinks to the installed packages, so the copy keeps
 * caches of its own under node_modules/.cache.
 */
export function copyRepo(options: { withNodeModules?: boolean; seedDiagramCache?: boolean; history?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-copy-'));
  for (const entry of fs.readdirSync(repoRoot)) {
    if (SKIP.has(entry) || entry.includes('.tmp-')) continue;
    fs.cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
  }
  // Template releases are read from git history: a copy that composes them is a repository.
  if (options.history) borrowHistory(dir);
  if (options.withNodeModules) {
    const nm = path.join(dir, 'node_modules');
    fs.mkdirSync(nm);
    for (const entry of fs.readdirSync(path.join(repoRoot, 'node_modules'))) {
      if (entry === '.cache') continue;
      fs.symlinkSync(path.join(repoRoot, 'node_modules', entry), path.join(nm, entry));
    }
    const diagramCache = path.join(repoRoot, 'node_modules', '.cache', 'guide-diagrams');
    if (options.seedDiagramCache && fs.existsSync(diagramCache)) {
      fs.cpSync(diagramCache, path.join(nm, '.cache', 'guide-diagrams'), { recursive: true });
    }
  }
  return dir;
}

export function removeCopy(dir: string) {
  if (dir.startsWith(os.tmpdir())) fs.rmSync(dir, { recursive: true, force: true });
}

export function edit(file: string, change: (text: string) => string) {
  const before = fs.readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`edit of ${file} changed nothing`);
  fs.writeFileSync(file, after);
}

/** git in a test repository, with an identity of its own (the machine may have none). */
export function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-C', root, '-c', 'user.email=tests@example.com', '-c', 'user.name=tests', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Makes `dir` a git repository whose one commit holds what is there, with the project's objects
 * borrowed (git alternates: nothing is copied), so the commits the project's releases record can
 * be read in it wherever the project's own clone has them.
 */
export function borrowHistory(dir: string): void {
  git(dir, 'init', '-q');
  try {
    const objects = path.resolve(repoRoot, git(repoRoot, 'rev-parse', '--git-path', 'objects').trim());
    fs.writeFileSync(path.join(dir, '.git', 'objects', 'info', 'alternates'), `${objects}\n`);
  } catch {
    // The project is no git clone: the copy has only its own commit (release reads will say so).
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'copy');
}
