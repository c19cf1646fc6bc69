/**
 * The content digest a release records: sha256 over the sorted paths and
 * contents of the files it holds (`<dir>/<file>`), the same whether the files
 * come from the working directory or from a commit.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { filesUnder } from './layers.js';

/** sha256 over the sorted paths and contents. */
export function digestFiles(files: ReadonlyMap<string, Buffer | string>): string {
  const hash = crypto.createHash('sha256');
  for (const rel of [...files.keys()].sort()) {
    hash.update(`${rel}\0`);
    hash.update(files.get(rel)!);
    hash.update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

/**
 * The digest of a directory's files as they are on disk (releases.yaml left out, as in a release):
 * a release's folder, or one module directory (a layer or a local module it bundles) as provenance
 * records it.
 */
export function dirDigest(rootDir: string, dir: string): string {
  return digestFiles(new Map(filesUnder(rootDir, dir).filter((f) => f !== 'releases.yaml').map((f) => [f, fs.readFileSync(path.join(rootDir, dir, f))])));
}
