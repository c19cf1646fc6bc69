/** Test helpers: the repository root, and throwaway copies of it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const SKIP = new Set(['node_modules', '.git', 'build', '.docusaurus', 'cdktf.out', '.bench', 'coverage']);

/**
 * Copies the repository (sources only) to a temporary directory. node_modules
 * is a real directory of symlinks to the installed packages, so the copy keeps
 * caches of its own under node_modules/.cache.
 */
export function copyRepo(options: { withNodeModules?: boolean; seedDiagramCache?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-copy-'));
  for (const entry of fs.readdirSync(repoRoot)) {
    if (SKIP.has(entry) || entry.includes('.tmp-')) continue;
    fs.cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
  }
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
