/**
 * Output folders a tool may replace: one that does not exist yet, an empty
 * one, or one the same tool wrote before (it says so with a marker). Any
 * other folder is refused, naming it: `--out docs` must never delete the
 * guide's pages.
 */
import fs from 'node:fs';
import path from 'node:path';

export class OutputDirError extends Error {}

/** Throws an OutputDirError unless `dir` is absent, empty, or `isOurs(dir)`. */
export function assertReplaceable(dir: string, isOurs: (dir: string) => boolean, what: string): void {
  const target = path.resolve(dir);
  if (!fs.existsSync(target)) return;
  if (!fs.statSync(target).isDirectory()) throw new OutputDirError(`${target} is a file; name a new or empty directory for ${what}`);
  if (fs.readdirSync(target).length === 0 || isOurs(target)) return;
  throw new OutputDirError(`${target} is not empty and was not written by ${what}; refusing to replace it. Name a new or empty directory (or one ${what} wrote before)`);
}

/** Reads a JSON file, or undefined when it is missing or not JSON. */
export function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}


export { swapInto } from '../../templates/compose/atomic.js';
