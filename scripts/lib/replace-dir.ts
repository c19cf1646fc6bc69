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

/**
 * Puts a finished `staging` folder at `target` by renames only: the old
 * output is moved aside (one rename), the new one moved in, the old one
 * deleted. Two runs at once (two `npm run synth`) never delete a folder the
 * other is renaming: each moves whatever is there aside under its own name,
 * and the last to finish wins. Never a half-written target.
 */
export function swapInto(staging: string, target: string): void {
  const aside = `${target}.old-${process.pid}-${Date.now()}`;
  for (let attempt = 1; ; attempt++) {
    try {
      if (fs.existsSync(target)) fs.renameSync(target, aside);
    } catch (error) {
      // The other run moved it away first: nothing to move aside.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      fs.renameSync(staging, target);
      break;
    } catch (error) {
      // Another run put its output there between our two renames: move that aside too, and again.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 20) throw error;
      fs.rmSync(aside, { recursive: true, force: true });
    }
  }
  fs.rmSync(aside, { recursive: true, force: true });
}
