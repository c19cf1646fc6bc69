/** Throwaway copies of templates/ for composition tests (compose reads nothing else from disk). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './repo.js';

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
