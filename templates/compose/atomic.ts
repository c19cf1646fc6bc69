/**
 * Writing files and folders so that a reader (or a crash) never sees half of
 * one: a file goes to a temporary file beside the target, renamed over it; a
 * folder is built beside the target and swapped in by renames (synth's output,
 * compose's compositions).
 */
import fs from 'node:fs';
import path from 'node:path';

export function writeFileAtomic(file: string, data: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
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
